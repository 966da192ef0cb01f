//! A misbehaving rule component for region "rogue", written in WAT: its `regulation()` is sound,
//! but `fee(service, kind)` misbehaves as the service name says —
//!
//! - `loop`: never returns (the deadline must stop it);
//! - `grow`: grows its memory without end (the memory cap must stop it);
//! - `trap`: executes `unreachable`;
//! - anything else: counts the calls its instance has seen in a global and answers the count
//!   (a fresh instance per call answers 1 every time).
//!
//! The other exports trap. The regulation record is laid out in a data segment by hand, following
//! the canonical ABI (wasm32: strings and lists as pointer and length, records aligned to 4).

use std::path::Path;

/// Where the regulation record starts in the guest's memory.
const BASE: u32 = 1024;

/// A data segment under construction, starting at [`BASE`].
struct Segment {
    bytes: Vec<u8>,
}

impl Segment {
    fn alloc(&mut self, size: usize) -> u32 {
        while !self.bytes.len().is_multiple_of(4) {
            self.bytes.push(0);
        }
        let at = BASE + self.bytes.len() as u32;
        self.bytes.resize(self.bytes.len() + size, 0);
        at
    }

    fn u8(&mut self, at: u32, value: u8) {
        self.bytes[(at - BASE) as usize] = value;
    }

    fn u32(&mut self, at: u32, value: u32) {
        let at = (at - BASE) as usize;
        self.bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    /// A string or list stored at `at` as (pointer, length).
    fn slice(&mut self, at: u32, pointer: u32, length: u32) {
        self.u32(at, pointer);
        self.u32(at + 4, length);
    }

    fn string(&mut self, at: u32, text: &str) {
        let pointer = self.alloc(text.len());
        let start = (pointer - BASE) as usize;
        self.bytes[start..start + text.len()].copy_from_slice(text.as_bytes());
        self.slice(at, pointer, text.len() as u32);
    }

    fn message(&mut self, at: u32, text: &str) {
        self.string(at, text);
        self.string(at + 8, text);
        self.string(at + 16, text);
    }

    fn wat_literal(&self) -> String {
        self.bytes.iter().map(|b| format!("\\{b:02x}")).collect()
    }
}

/// The regulation record: region "rogue", in force from 2020-01-01, one service
/// "rogue-service" (issue; individuals) with a portal route of one step, `authorize`.
fn regulation_segment() -> Segment {
    let mut s = Segment { bytes: Vec::new() };
    let regulation = s.alloc(92);
    assert_eq!(regulation, BASE);
    s.string(regulation, "rogue");
    s.message(regulation + 8, "Rogue act");
    s.string(regulation + 32, "2020-01-01");
    s.u8(regulation + 40, 0); // in-force-until: none
    s.string(regulation + 52, "Asia/Almaty");
    s.message(regulation + 60, "Rogue provider");

    let service = s.alloc(72);
    s.slice(regulation + 84, service, 1);
    s.string(service, "rogue-service");
    s.message(service + 8, "Rogue service");
    s.string(service + 32, "licence");
    let kinds = s.alloc(1); // [issue]
    s.slice(service + 40, kinds, 1);
    let applicants = s.alloc(1); // [individual]
    s.slice(service + 48, applicants, 1);
    s.slice(service + 56, 0, 0); // categories: []

    let route = s.alloc(12);
    s.slice(service + 64, route, 1);
    s.u8(route, 0); // portal
    let step = s.alloc(36);
    s.slice(route + 4, step, 1);
    s.u8(step, 0); // authorize; processes [], limit none, refusals []
    s
}

fn wat(regulation_body: &str) -> String {
    let data = regulation_segment().wat_literal();
    format!(
        r#"(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 8192))
  (global $calls (mut i32) (i32.const 0))
  (data (i32.const {BASE}) "{data}")

  ;; A bump allocator for what the host passes in.
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $at i32)
    (local.set $at
      (i32.and
        (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get $at) (local.get 3)))
    (local.get $at))

  (func (export "kz:reglament/rules@0.1.0#regulation") (result i32)
    {regulation_body})

  (func (export "kz:reglament/rules@0.1.0#fee")
    (param $service i32) (param $len i32) (param $kind i32) (result i32)
    (local $first i32)
    (local.set $first (i32.load8_u (local.get $service)))
    (if (i32.eq (local.get $first) (i32.const 0x6c)) ;; 'l'
      (then (loop $forever (br $forever))))
    (if (i32.eq (local.get $first) (i32.const 0x67)) ;; 'g'
      (then (loop $more (drop (memory.grow (i32.const 16))) (br $more))))
    (if (i32.eq (local.get $first) (i32.const 0x74)) ;; 't'
      (then unreachable))
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    ;; option<u64> in the return area at 16: some, then the count at 24.
    (i32.store8 (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.extend_i32_u (global.get $calls)))
    (i32.const 16))

  (func (export "kz:reglament/rules@0.1.0#check-form") (param i32) (result i32) unreachable)
  (func (export "kz:reglament/rules@0.1.0#check-completeness") (param i32) (result i32) unreachable)
  (func (export "kz:reglament/rules@0.1.0#term") (param i32) (result i32) unreachable)
  (func (export "kz:reglament/rules@0.1.0#decide") (param i32) (result i32) unreachable)
  (func (export "kz:reglament/rules@0.1.0#render") (param i32) (result i32) unreachable)
)"#
    )
}

/// The rogue core module, with the `regional-rules` world embedded as its component type.
pub fn rogue_module() -> Vec<u8> {
    module(&format!("(i32.const {BASE})"))
}

/// The rogue with a `regulation()` that never returns.
pub fn endless_regulation_module() -> Vec<u8> {
    module("(loop $forever (br $forever)) (unreachable)")
}

/// The rogue with a `regulation()` that grows its memory without end.
pub fn hoarding_regulation_module() -> Vec<u8> {
    module("(loop $more (drop (memory.grow (i32.const 16))) (br $more)) (unreachable)")
}

/// The rogue with a `regulation()` that traps.
pub fn trapping_regulation_module() -> Vec<u8> {
    module("(unreachable)")
}

/// A sound component of another world: it exports `run: func() -> u32` and nothing of the rules.
pub fn other_world_module() -> Vec<u8> {
    let module = wat::parse_str(r#"(module (func (export "run") (result i32) (i32.const 7)))"#)
        .expect("the WAT parses");
    let mut resolve = wit_parser::Resolve::default();
    let package = resolve
        .push_str(
            "other.wit",
            "package test:other;\nworld other { export run: func() -> u32; }\n",
        )
        .expect("the other WIT parses");
    with_world(module, &resolve, package, "other")
}

fn module(regulation_body: &str) -> Vec<u8> {
    let module = wat::parse_str(wat(regulation_body)).expect("the rogue WAT parses");
    let wit = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wit");
    let mut resolve = wit_parser::Resolve::default();
    let (package, _) = resolve.push_dir(&wit).expect("the WIT parses");
    with_world(module, &resolve, package, "regional-rules")
}

/// The core module with `world` of `package` embedded as its component type.
fn with_world(
    mut module: Vec<u8>,
    resolve: &wit_parser::Resolve,
    package: wit_parser::PackageId,
    world: &str,
) -> Vec<u8> {
    let world = resolve
        .select_world(&[package], Some(world))
        .expect("the world");
    wit_component::embed_component_metadata(
        &mut module,
        resolve,
        world,
        wit_component::StringEncoding::UTF8,
        false,
    )
    .expect("embedding the component type");
    module
}
