//! Turning what a rules author builds — a `wasm32-unknown-unknown` core module made with
//! `wit-bindgen` — into a WebAssembly component.

/// Whether the bytes are a WebAssembly component (rather than a core module): the preamble's
/// version and layer fields say so.
pub fn is_component(bytes: &[u8]) -> bool {
    bytes.len() >= 8 && bytes[..4] == *b"\0asm" && bytes[6..8] == [0x01, 0x00]
}

/// Wrap a core module built with `wit-bindgen` into a component, using the component type the
/// module carries in its `component-type` custom section. Bytes that already are a component are
/// returned unchanged.
#[cfg(feature = "compiler")]
pub fn componentize(bytes: &[u8]) -> Result<Vec<u8>, ComponentizeError> {
    if is_component(bytes) {
        return Ok(bytes.to_vec());
    }
    if bytes.len() < 8 || bytes[..4] != *b"\0asm" {
        return Err(ComponentizeError::NotWasm);
    }
    let encode = || -> anyhow::Result<Vec<u8>> {
        wit_component::ComponentEncoder::default()
            .validate(true)
            .module(bytes)?
            .encode()
    };
    encode().map_err(|e| ComponentizeError::Encoder(format!("{e:#}")))
}

/// Why a core module could not be turned into a component.
#[cfg(feature = "compiler")]
#[derive(Debug, thiserror::Error)]
pub enum ComponentizeError {
    #[error("not a WebAssembly module or component (no `\\0asm` preamble)")]
    NotWasm,
    /// Typically: the module was not built with `wit-bindgen` (no component type section), or
    /// it does not implement the world it declares.
    #[error("turning the core module into a component: {0}")]
    Encoder(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_components_from_core_modules() {
        assert!(is_component(b"\0asm\x0d\x00\x01\x00"));
        assert!(!is_component(b"\0asm\x01\x00\x00\x00"));
        assert!(!is_component(b"\0as"));
    }

    #[cfg(feature = "compiler")]
    #[test]
    fn refuses_what_is_not_wasm() {
        assert!(matches!(
            componentize(b"hello, world"),
            Err(ComponentizeError::NotWasm)
        ));
    }
}
