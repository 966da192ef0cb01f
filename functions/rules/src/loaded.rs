//! One loaded version of a region's rules, ready to be called.

use std::path::Path;

use reglament_core::rules::{
    Decision, Message, RegionRules, Regulation, RequestKind, RulesApplication, RulesError,
    StaffAction, Term,
};
use sha2::{Digest, Sha256};
use wasmtime::Store;
use wasmtime::component::{
    Component, ComponentExportIndex, ComponentNamedList, Lift, Linker, Lower, TypedFunc,
};

use crate::artifacts::ArtifactDir;
use crate::convert::BindingsPre;
use crate::convert::kz::reglament::types as wit;
use crate::engine::RulesEngine;
use crate::sandbox::Sandbox;

/// The identity of a version of a region's rules: the hex SHA-256 of its component's bytes.
pub fn component_digest(component: &[u8]) -> String {
    hex::encode(Sha256::digest(component))
}

/// One version of a region's rules, loaded: the compiled component, pre-linked once, and the
/// regulation it answered at load. Each call instantiates it afresh in its own sandbox, so no
/// state survives from one call to the next and a failed call harms no other.
pub struct LoadedRules {
    digest: String,
    engine: RulesEngine,
    pre: BindingsPre<Sandbox>,
    exports: Exports,
    regulation: Regulation,
}

/// The WIT interface a rules component exports, by its full name.
const RULES_INTERFACE: &str = "kz:reglament/rules@0.1.0";

/// Where each function of the `rules` interface is among the component's exports, found once
/// at load so that a call goes straight to its function.
struct Exports {
    check_form: ComponentExportIndex,
    check_completeness: ComponentExportIndex,
    fee: ComponentExportIndex,
    term: ComponentExportIndex,
    decide: ComponentExportIndex,
    render: ComponentExportIndex,
}

impl Exports {
    fn find(component: &Component) -> Result<Exports, RulesError> {
        let missing = |what: &str| {
            RulesError::Invalid(format!(
                "it does not export the world kz:reglament/regional-rules: no {what}"
            ))
        };
        let (_, interface) = component
            .get_export(None, RULES_INTERFACE)
            .ok_or_else(|| missing(RULES_INTERFACE))?;
        let function = |name: &str| {
            component
                .get_export_index(Some(&interface), name)
                .ok_or_else(|| missing(&format!("function {name}")))
        };
        Ok(Exports {
            check_form: function("check-form")?,
            check_completeness: function("check-completeness")?,
            fee: function("fee")?,
            term: function("term")?,
            decide: function("decide")?,
            render: function("render")?,
        })
    }
}

impl std::fmt::Debug for LoadedRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedRules")
            .field("digest", &self.digest)
            .field("region", &self.regulation.region)
            .field("in_force_from", &self.regulation.in_force_from)
            .field("in_force_until", &self.regulation.in_force_until)
            .finish_non_exhaustive()
    }
}

impl LoadedRules {
    /// Compile a component (not a core module) and load it. The digest is that of `component`.
    #[cfg(feature = "compiler")]
    #[tracing::instrument(skip_all, fields(digest))]
    pub fn compile(engine: &RulesEngine, component: &[u8]) -> Result<Self, RulesError> {
        let digest = component_digest(component);
        tracing::Span::current().record("digest", digest.as_str());
        let compiled = Component::new(engine.engine(), component)
            .map_err(|e| RulesError::Invalid(format!("it does not compile: {e:#}")))?;
        Self::from_component(engine, digest, &compiled)
    }

    /// Load a precompiled artifact from memory.
    ///
    /// # Safety
    ///
    /// `artifact` must come from `Engine::precompile_component` (or `Component::serialize`) of a
    /// wasmtime engine; wasmtime trusts its machine code. Wasmtime itself checks that the
    /// artifact was built for a compatible engine.
    #[cfg(feature = "compiler")]
    pub(crate) unsafe fn from_artifact_bytes(
        engine: &RulesEngine,
        digest: String,
        artifact: &[u8],
    ) -> Result<Self, RulesError> {
        // SAFETY: the caller vouches for the bytes' origin (see above).
        let component = unsafe { Component::deserialize(engine.engine(), artifact) }
            .map_err(|e| failed(&digest, "load", format!("precompiled artifact: {e:#}")))?;
        Self::from_component(engine, digest, &component)
    }

    /// Load a precompiled artifact file.
    ///
    /// # Safety
    ///
    /// As [`LoadedRules::from_artifact_bytes`]: the file must have been written by this host from
    /// `Engine::precompile_component`, and must not be changed in place while loaded (the host
    /// replaces artifacts only by rename).
    #[tracing::instrument(skip(engine), fields(path = %path.display()))]
    pub(crate) unsafe fn from_artifact_file(
        engine: &RulesEngine,
        digest: String,
        path: &Path,
    ) -> Result<Self, RulesError> {
        // SAFETY: the caller vouches for the file's origin and immutability (see above).
        let component =
            unsafe { Component::deserialize_file(engine.engine(), path) }.map_err(|e| {
                failed(
                    &digest,
                    "load",
                    format!("precompiled artifact {}: {e:#}", path.display()),
                )
            })?;
        Self::from_component(engine, digest, &component)
    }

    /// Link the component (it may import nothing: no WASI, no host functions), check it exports
    /// the `regional-rules` world, and ask it once for its regulation, within the limits.
    fn from_component(
        engine: &RulesEngine,
        digest: String,
        component: &Component,
    ) -> Result<Self, RulesError> {
        let linker = Linker::<Sandbox>::new(engine.engine());
        let instance_pre = linker.instantiate_pre(component).map_err(|e| {
            RulesError::Invalid(format!(
                "it imports something, but rule components may import nothing: {e:#}"
            ))
        })?;
        let pre = BindingsPre::new(instance_pre).map_err(|e| {
            RulesError::Invalid(format!(
                "it does not export the world kz:reglament/regional-rules: {e:#}"
            ))
        })?;
        let exports = Exports::find(component)?;
        // Instantiating through the generated bindings checks the type of every export against
        // the WIT; the calls after this one rely on that check (see `LoadedRules::call`).
        let mut store = Sandbox::store(engine);
        let regulation = pre
            .instantiate(&mut store)
            .and_then(|rules| rules.kz_reglament_rules().call_regulation(&mut store))
            .map_err(|error| call_failed(engine, &store, &digest, "regulation", &error))?;
        tracing::debug!(%digest, region = %regulation.region, "rules loaded");
        Ok(LoadedRules {
            digest,
            engine: engine.clone(),
            pre,
            exports,
            regulation: regulation.into(),
        })
    }

    /// One call in a fresh sandbox: a new store (memory cap, epoch deadline), a new instance
    /// from the pre-linked component, the export at `export`, and the failure in words if it
    /// fails.
    fn call<Params, Return>(
        &self,
        name: &'static str,
        export: &ComponentExportIndex,
        params: Params,
    ) -> Result<Return, RulesError>
    where
        Params: ComponentNamedList + Lower,
        (Return,): ComponentNamedList + Lift,
    {
        let mut store = Sandbox::store(&self.engine);
        let result = self
            .pre
            .instance_pre()
            .instantiate(&mut store)
            .and_then(|instance| {
                let func = instance
                    .get_func(&mut store, export)
                    .ok_or_else(|| wasmtime::format_err!("the component has no export {name}"))?;
                // Debug builds (the tests) check the types on every call as well.
                #[cfg(debug_assertions)]
                func.typed::<Params, (Return,)>(&store)?;
                // SAFETY: every instance of this component has the same export types, and they
                // were checked against the WIT when the component was loaded (`from_component`
                // instantiated it through the generated bindings, which check every export).
                // `Params` and `Return` are the bindings' own types for this export.
                let func = unsafe { TypedFunc::<Params, (Return,)>::new_unchecked(func) };
                Ok(func.call(&mut store, params)?.0)
            });
        result.map_err(|error| call_failed(&self.engine, &store, &self.digest, name, &error))
    }
}

/// A failed call, logged, with the reason in words for operators.
fn call_failed(
    engine: &RulesEngine,
    store: &Store<Sandbox>,
    digest: &str,
    name: &'static str,
    error: &wasmtime::Error,
) -> RulesError {
    let reason = store.data().failure(engine.limits(), error);
    tracing::warn!(%digest, call = name, %reason, detail = ?error, "rules call failed");
    failed(digest, name, reason)
}

fn failed(digest: &str, call: &'static str, reason: String) -> RulesError {
    RulesError::Failed {
        digest: digest.to_string(),
        call,
        reason,
    }
}

impl RegionRules for LoadedRules {
    fn digest(&self) -> &str {
        &self.digest
    }

    fn regulation(&self) -> &Regulation {
        &self.regulation
    }

    fn check_form(&self, app: &RulesApplication) -> Result<Vec<Message>, RulesError> {
        let app = wit::Application::from(app);
        let messages: Vec<wit::Message> =
            self.call("check-form", &self.exports.check_form, (&app,))?;
        Ok(messages.into_iter().map(Into::into).collect())
    }

    fn check_completeness(&self, app: &RulesApplication) -> Result<Vec<Message>, RulesError> {
        let app = wit::Application::from(app);
        let messages: Vec<wit::Message> = self.call(
            "check-completeness",
            &self.exports.check_completeness,
            (&app,),
        )?;
        Ok(messages.into_iter().map(Into::into).collect())
    }

    fn fee(&self, service: &str, kind: RequestKind) -> Result<Option<u64>, RulesError> {
        let kind = wit::RequestKind::from(kind);
        self.call("fee", &self.exports.fee, (service, kind))
    }

    fn term(&self, app: &RulesApplication) -> Result<Term, RulesError> {
        let app = wit::Application::from(app);
        let term: wit::Term = self.call("term", &self.exports.term, (&app,))?;
        Ok(term.into())
    }

    fn decide(
        &self,
        app: &RulesApplication,
        staff: &[StaffAction],
    ) -> Result<Decision, RulesError> {
        let app = wit::Application::from(app);
        let staff: Vec<wit::StaffAction> = staff.iter().map(Into::into).collect();
        let decision: wit::Decision =
            self.call("decide", &self.exports.decide, (&app, staff.as_slice()))?;
        Ok(decision.into())
    }

    fn render(&self, app: &RulesApplication, outcome: &Decision) -> Result<String, RulesError> {
        let app = wit::Application::from(app);
        let outcome = wit::Decision::from(outcome);
        let content: String = self.call("render", &self.exports.render, (&app, &outcome))?;
        // The WIT promises a JSON object; anything else is a malformed answer.
        match serde_json::from_str::<serde_json::Value>(&content) {
            Ok(serde_json::Value::Object(_)) => Ok(content),
            Ok(_) => Err(failed(
                &self.digest,
                "render",
                "answered JSON that is not an object".into(),
            )),
            Err(e) => Err(failed(
                &self.digest,
                "render",
                format!("answered malformed JSON: {e}"),
            )),
        }
    }
}

impl LoadedRules {
    /// Load the published version `digest` from a host's artifact directory (`<data>/rules`),
    /// as [`crate::RulesHost`] does at start.
    pub fn load_published(
        engine: &RulesEngine,
        artifact_dir: &Path,
        digest: &str,
    ) -> Result<Self, RulesError> {
        Self::from_kept(engine, &ArtifactDir::new(artifact_dir), digest.to_string())
    }

    /// Load a published version from the artifact directory: its `.cwasm` artifact if it loads
    /// in this engine; otherwise, if this build has the compiler, recompile it from the kept
    /// `.wasm` (checked against the digest) and replace the artifact.
    #[tracing::instrument(skip(engine, artifacts))]
    pub(crate) fn from_kept(
        engine: &RulesEngine,
        artifacts: &ArtifactDir,
        digest: String,
    ) -> Result<Self, RulesError> {
        let path = artifacts.artifact_path(&digest);
        let from_artifact = if path.exists() {
            // SAFETY: the artifact directory holds only artifacts this host wrote with
            // `Engine::precompile_component`, named by digest and replaced only by rename.
            unsafe { Self::from_artifact_file(engine, digest.clone(), &path) }
        } else {
            Err(failed(
                &digest,
                "load",
                format!("artifact {} is missing", path.display()),
            ))
        };
        match from_artifact {
            Ok(rules) => Ok(rules),
            #[cfg(feature = "compiler")]
            Err(error) => {
                tracing::warn!(%error, "recompiling from the kept component");
                let component = artifacts
                    .read_component(&digest)
                    .map_err(|reason| failed(&digest, "load", reason))?;
                let artifact = crate::compile::precompile(engine, &component)
                    .map_err(|reason| failed(&digest, "load", reason))?;
                artifacts.write_atomically(&path, &artifact).map_err(|e| {
                    failed(&digest, "load", format!("writing {}: {e}", path.display()))
                })?;
                // SAFETY: just produced by this engine's `precompile_component`.
                unsafe { Self::from_artifact_bytes(engine, digest, &artifact) }
            }
            #[cfg(not(feature = "compiler"))]
            Err(RulesError::Failed {
                digest,
                call,
                reason,
            }) => Err(RulesError::Failed {
                digest,
                call,
                reason: format!(
                    "{reason}; this build cannot compile: publish the component again with a \
                     build that has the `compiler` feature"
                ),
            }),
            #[cfg(not(feature = "compiler"))]
            Err(other) => Err(other),
        }
    }
}
