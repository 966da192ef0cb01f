//! The directory where the host keeps each published component (`<digest>.wasm`, the original,
//! engine-independent) and its precompiled artifact (`<digest>.cwasm`, for this engine).

use std::path::{Path, PathBuf};

/// Whether `text` is a component digest (64 lowercase hex digits), and so safe to use in a file
/// name.
pub fn is_digest(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The host's artifact directory, `<data>/rules`.
#[derive(Debug, Clone)]
pub struct ArtifactDir {
    dir: PathBuf,
}

impl ArtifactDir {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        ArtifactDir { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The artifact's file name, as recorded with the published version.
    pub fn artifact_name(digest: &str) -> String {
        format!("{digest}.cwasm")
    }

    /// Where the original component of `digest` is kept.
    #[cfg(feature = "compiler")]
    pub fn component_path(&self, digest: &str) -> PathBuf {
        self.dir.join(format!("{digest}.wasm"))
    }

    /// Where the precompiled artifact of `digest` is kept.
    pub fn artifact_path(&self, digest: &str) -> PathBuf {
        self.dir.join(Self::artifact_name(digest))
    }

    /// The original component of `digest`, checked against its digest.
    #[cfg(feature = "compiler")]
    pub fn read_component(&self, digest: &str) -> Result<Vec<u8>, String> {
        let path = self.component_path(digest);
        let bytes = std::fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        let actual = crate::loaded::component_digest(&bytes);
        if actual != digest {
            return Err(format!(
                "{} is corrupt: its digest is {actual}",
                path.display()
            ));
        }
        Ok(bytes)
    }

    /// Write a file whole or not at all: to a temporary file in the same directory, synced, then
    /// renamed over `path`, and the directory synced. A reader never sees a partial file, and a
    /// file that is loaded (memory-mapped) is replaced, never changed in place.
    #[cfg(feature = "compiler")]
    pub fn write_atomically(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        use std::fs::{self, File};
        use std::io::Write;
        use std::sync::atomic::{AtomicU64, Ordering};

        static SEQUENCE: AtomicU64 = AtomicU64::new(0);
        fs::create_dir_all(&self.dir)?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("artifact");
        let temporary = self.dir.join(format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        let written = (|| {
            let mut file = File::create(&temporary)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            fs::rename(&temporary, path)
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        written?;
        File::open(&self.dir)?.sync_all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loaded::component_digest;

    #[test]
    fn digests_are_64_lowercase_hex_digits() {
        assert!(is_digest(&component_digest(b"x")));
        assert!(!is_digest("../../etc/passwd"));
        assert!(!is_digest(&component_digest(b"x").to_uppercase()));
    }

    #[cfg(feature = "compiler")]
    #[test]
    fn writes_whole_files_and_checks_components() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = ArtifactDir::new(tmp.path().join("rules"));
        let digest = component_digest(b"component");
        dir.write_atomically(&dir.component_path(&digest), b"component")
            .expect("write");
        assert_eq!(dir.read_component(&digest).expect("read"), b"component");

        dir.write_atomically(&dir.component_path(&digest), b"tampered")
            .expect("write");
        let err = dir.read_component(&digest).expect_err("corrupt");
        assert!(err.contains("corrupt"), "{err}");
        let leftovers = std::fs::read_dir(dir.dir()).expect("list").count();
        assert_eq!(leftovers, 1, "no temporary files left behind");
    }
}
