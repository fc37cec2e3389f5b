//! The public names of a Rust crate, read from its sources: what a user can name from outside.
//!
//! This exists to compare a generated crate with the official `aws-sdk-*` crate for the same
//! model (`cargo xtask api-names`, and the `official_names` test). It reads the module tree from
//! `src/lib.rs`, follows `pub mod` and `pub use` (including re-exports of private modules'
//! items), and lists one line per name, `<kind> <path>` with the path relative to the crate
//! root:
//!
//! * `mod operation::create_ip_set`
//! * `type types::WebAcl` (structs, enums, traits and type aliases, at every public path)
//! * `field types::WebAcl::name` (public named fields)
//! * `fn types::WebAcl::name` (public inherent methods and trait methods, under the type's
//!   shortest public path)
//! * `variant types::Scope::Cloudfront`
//!
//! Names marked `#[doc(hidden)]`, `#[cfg(test)]` modules and trait implementations are left
//! out: they are not part of the names a user is meant to write. Only the syntax is read, so
//! macros are not expanded (generated crates do not define items with them).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use syn::{Attribute, Fields, ImplItem, Item, Meta, TraitItem, UseTree, Visibility};

/// A crate's public names, one `<kind> <path>` line each, sorted.
pub type Names = BTreeSet<String>;

/// Reads the crate rooted at `crate_dir` (the folder with `src/lib.rs`).
pub fn from_dir(crate_dir: &Path) -> Result<Names, String> {
    let src = crate_dir.join("src");
    let mut files = BTreeMap::new();
    read_rust_files(&src, "src", &mut files)?;
    from_sources(&files)
}

fn read_rust_files(
    dir: &Path,
    relative: &str,
    files: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let relative = format!("{relative}/{name}");
        if path.is_dir() {
            read_rust_files(&path, &relative, files)?;
        } else if name.ends_with(".rs") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            files.insert(relative, text);
        }
    }
    Ok(())
}

/// Reads a crate from its files: paths relative to the crate root (`src/lib.rs`, ...) and their
/// text, as [`crate::GeneratedFiles`] holds them.
pub fn from_sources(files: &BTreeMap<String, String>) -> Result<Names, String> {
    let mut tree = Tree::default();
    tree.load_file(files, "src/lib.rs", "src", None)?;
    Ok(tree.names())
}

/// Keeps the names that come from the service model — types, operations, the client's
/// operation and waiter methods, the crate-level `Error` — and drops the hand-written
/// surface every crate shares (`config`, `error`, `primitives`, `meta`, `client::customize`)
/// and the methods that exist on every builder or error whatever the model says.
pub fn model_names(names: &Names) -> Names {
    names
        .iter()
        .filter(|line| is_model_name(line))
        .cloned()
        .collect()
}

/// Top-level modules and items that the model names.
const MODEL_ROOTS: [&str; 6] = ["Client", "Error", "client", "operation", "types", "waiters"];

/// Modules under the model roots that are the same in every crate.
const SHARED_MODULES: [&str; 1] = ["client::customize"];

/// Methods every fluent builder, input builder, operation or error has, whatever the model:
/// the request-sending machinery, not names derived from shapes.
const MACHINERY_METHODS: [&str; 14] = [
    "as_input",
    "build",
    "builder",
    "config_override",
    "customize",
    "generic",
    "meta",
    "new",
    "orchestrate",
    "send",
    "send_with",
    "set_config_override",
    "unhandled",
    "wait",
];

fn is_model_name(line: &str) -> bool {
    let Some((kind, path)) = line.split_once(' ') else {
        return false;
    };
    let root = path.split("::").next().unwrap_or(path);
    if !MODEL_ROOTS.contains(&root) {
        return false;
    }
    if SHARED_MODULES
        .iter()
        .any(|module| path == *module || path.starts_with(&format!("{module}::")))
    {
        return false;
    }
    if kind == "fn" {
        let method = path.rsplit("::").next().unwrap_or(path);
        // `Client` methods are all operations (or the shared constructors).
        let owner_is_client = path.starts_with("Client::");
        if MACHINERY_METHODS.contains(&method)
            || (owner_is_client && matches!(method, "config" | "from_conf"))
        {
            return false;
        }
    }
    true
}

/// The lines only in `official` (`-`) and only in `ours` (`+`), in name order.
pub fn differences(official: &Names, ours: &Names) -> Vec<String> {
    let mut lines: Vec<(String, char)> = official
        .difference(ours)
        .map(|line| (line.clone(), '-'))
        .chain(ours.difference(official).map(|line| (line.clone(), '+')))
        .collect();
    lines.sort_by(|a, b| {
        let key = |line: &str| line.split_once(' ').map(|(_, p)| p.to_string());
        key(&a.0).cmp(&key(&b.0)).then(a.0.cmp(&b.0))
    });
    lines
        .into_iter()
        .map(|(line, sign)| format!("{sign} {line}"))
        .collect()
}

// ---------------------------------------------------------------------------
// Checked-in expectations
// ---------------------------------------------------------------------------

/// The names an expectation file keeps: [`model_names`] without struct fields (each has a
/// getter of the same name) and without fluent builder methods (each repeats a method of the
/// operation's input builder), so that the files stay small.
pub fn expectation_names(names: &Names) -> Names {
    model_names(names)
        .into_iter()
        .filter(|line| {
            let Some((kind, path)) = line.split_once(' ') else {
                return false;
            };
            let owner = path.rsplit_once("::").map_or("", |(owner, _)| owner);
            kind != "field" && !(kind == "fn" && owner.ends_with("FluentBuilder"))
        })
        .collect()
}

/// A checked-in list of an official crate's names, each marked with whether we generate it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Expectation {
    /// Every name of the official crate (as [`expectation_names`] keeps them).
    pub official: Names,
    /// The names we generate: official ones (`=`) and ones the official crate lacks (`+`).
    pub ours: Names,
}

const MARK_BOTH: char = '=';
const MARK_OFFICIAL: char = '-';
const MARK_OURS: char = '+';
/// A module header that is not a name itself (the crate root).
const MARK_HEADER: char = '.';
const ROOT: &str = "crate";

impl Expectation {
    /// The file text: a header of `#` lines, then one line per name, grouped by module and
    /// type to keep it small: a module at the margin, its types indented one space, their
    /// members two, each line led by its mark.
    pub fn to_text(&self, header: &[String]) -> String {
        let mut tree: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        let mut modules: BTreeSet<String> = BTreeSet::new();
        for line in self.official.iter().chain(&self.ours) {
            let Some((kind, path)) = line.split_once(' ') else {
                continue;
            };
            match kind {
                "mod" => {
                    modules.insert(path.to_string());
                    tree.entry(path.to_string()).or_default();
                }
                "type" => {
                    let (module, name) = path.rsplit_once("::").unwrap_or((ROOT, path));
                    tree.entry(module.to_string())
                        .or_default()
                        .entry(name.to_string())
                        .or_default();
                }
                _ => {
                    let Some((owner, member)) = path.rsplit_once("::") else {
                        continue;
                    };
                    let (module, name) = owner.rsplit_once("::").unwrap_or((ROOT, owner));
                    tree.entry(module.to_string())
                        .or_default()
                        .entry(name.to_string())
                        .or_default()
                        .insert(format!("{kind} {member}"));
                }
            }
        }
        let mark = |line: &str| match (self.official.contains(line), self.ours.contains(line)) {
            (true, true) => MARK_BOTH,
            (true, false) => MARK_OFFICIAL,
            _ => MARK_OURS,
        };
        let mut text = String::new();
        for line in header {
            text.push_str(&format!("# {line}\n"));
        }
        for (module, types) in &tree {
            let module_mark = if modules.contains(module) {
                mark(&format!("mod {module}"))
            } else {
                MARK_HEADER
            };
            text.push_str(&format!("{module_mark}{module}\n"));
            let prefix = if module == ROOT {
                String::new()
            } else {
                format!("{module}::")
            };
            for (name, members) in types {
                let type_mark = mark(&format!("type {prefix}{name}"));
                text.push_str(&format!("{type_mark} {name}\n"));
                for member in members {
                    let (kind, member_name) = member.split_once(' ').unwrap_or(("", member));
                    let member_mark = mark(&format!("{kind} {prefix}{name}::{member_name}"));
                    text.push_str(&format!("{member_mark}  {member}\n"));
                }
            }
        }
        text
    }

    /// Reads the text [`Expectation::to_text`] writes.
    pub fn parse(text: &str) -> Result<Expectation, String> {
        let mut expectation = Expectation::default();
        let (mut module, mut owner) = (None::<String>, None::<String>);
        for (number, line) in text.lines().enumerate() {
            let at = |problem: &str| format!("line {}: {problem}: {line:?}", number + 1);
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut chars = line.chars();
            let mark = chars.next().ok_or_else(|| at("empty"))?;
            let rest = chars.as_str();
            let depth = rest.len() - rest.trim_start_matches(' ').len();
            let content = rest.trim_start_matches(' ');
            let name = match depth {
                0 => {
                    owner = None;
                    module = Some(content.to_string());
                    (mark != MARK_HEADER).then(|| format!("mod {content}"))
                }
                1 => {
                    let module = module
                        .as_deref()
                        .ok_or_else(|| at("a type outside a module"))?;
                    let path = if module == ROOT {
                        content.to_string()
                    } else {
                        format!("{module}::{content}")
                    };
                    owner = Some(path.clone());
                    Some(format!("type {path}"))
                }
                2 => {
                    let owner = owner
                        .as_deref()
                        .ok_or_else(|| at("a member outside a type"))?;
                    let (kind, member) = content
                        .split_once(' ')
                        .ok_or_else(|| at("a member needs a kind"))?;
                    Some(format!("{kind} {owner}::{member}"))
                }
                _ => return Err(at("too deeply indented")),
            };
            let Some(name) = name else { continue };
            match mark {
                MARK_BOTH => {
                    expectation.official.insert(name.clone());
                    expectation.ours.insert(name);
                }
                MARK_OFFICIAL => {
                    expectation.official.insert(name);
                }
                MARK_OURS => {
                    expectation.ours.insert(name);
                }
                _ => return Err(at("unknown mark")),
            }
        }
        Ok(expectation)
    }
}

// ---------------------------------------------------------------------------
// The module tree
// ---------------------------------------------------------------------------

type ModuleId = usize;

/// Deeper public paths are not followed (only a module re-exporting an ancestor makes them).
const MAX_PATH_DEPTH: usize = 12;

#[derive(Default)]
struct Tree {
    modules: Vec<Module>,
}

#[derive(Default)]
struct Module {
    parent: Option<ModuleId>,
    /// Items defined here, by name.
    items: BTreeMap<String, Definition>,
    /// `use` declarations: what they bring in and whether they re-export it.
    uses: Vec<UseEntry>,
    /// Inherent impl blocks and their public methods.
    /// (the self type as written, its public methods).
    impls: Vec<(Vec<String>, Vec<String>)>,
}

struct Definition {
    public: bool,
    kind: DefinitionKind,
}

enum DefinitionKind {
    Module(ModuleId),
    Struct { fields: Vec<String> },
    Enum { variants: Vec<String> },
    Trait { methods: Vec<String> },
    TypeAlias,
    Function,
}

struct UseEntry {
    public: bool,
    /// `None` for a glob (`use a::*`).
    name: Option<String>,
    target: Vec<String>,
}

/// What a path resolves to.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Resolved {
    Module(ModuleId),
    Item(ModuleId, usize),
}

fn is_public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn attr_list_is(attr: &Attribute, name: &str, content: &str) -> bool {
    attr.path().is_ident(name)
        && matches!(&attr.meta, Meta::List(list) if list.tokens.to_string().trim() == content)
}

fn is_hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| attr_list_is(attr, "doc", "hidden"))
}

fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| attr_list_is(attr, "cfg", "test"))
}

fn path_segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// Strips the `r#` of a raw identifier: `r#type` and `type` are the same name to a user.
fn ident_name(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_string).unwrap_or(text)
}

impl Tree {
    /// Loads the module in `file` (and its children); `dir` is where its `mod x;` files live.
    fn load_file(
        &mut self,
        files: &BTreeMap<String, String>,
        file: &str,
        dir: &str,
        parent: Option<ModuleId>,
    ) -> Result<ModuleId, String> {
        let text = files
            .get(file)
            .ok_or_else(|| format!("{file}: not found"))?;
        let parsed = syn::parse_file(text).map_err(|e| format!("{file}: {e}"))?;
        self.load_items(files, file, dir, &parsed.items, parent)
    }

    fn load_items(
        &mut self,
        files: &BTreeMap<String, String>,
        file: &str,
        dir: &str,
        items: &[Item],
        parent: Option<ModuleId>,
    ) -> Result<ModuleId, String> {
        let id = self.modules.len();
        self.modules.push(Module {
            parent,
            ..Module::default()
        });
        for item in items {
            self.load_item(files, file, dir, id, item)?;
        }
        Ok(id)
    }

    fn load_item(
        &mut self,
        files: &BTreeMap<String, String>,
        file: &str,
        dir: &str,
        id: ModuleId,
        item: &Item,
    ) -> Result<(), String> {
        let (name, definition) = match item {
            Item::Mod(module) => {
                if is_test_only(&module.attrs) {
                    return Ok(());
                }
                let name = ident_name(&module.ident);
                let child_dir = format!("{dir}/{name}");
                let child = match &module.content {
                    Some((_, items)) => {
                        self.load_items(files, file, &child_dir, items, Some(id))?
                    }
                    None => {
                        let flat = format!("{dir}/{name}.rs");
                        let nested = format!("{dir}/{name}/mod.rs");
                        let child_file = if files.contains_key(&flat) {
                            flat
                        } else if files.contains_key(&nested) {
                            nested
                        } else {
                            return Err(format!("{file}: no file for `mod {name};`"));
                        };
                        self.load_file(files, &child_file, &child_dir, Some(id))?
                    }
                };
                let public = is_public(&module.vis) && !is_hidden(&module.attrs);
                (name, Definition::new(public, DefinitionKind::Module(child)))
            }
            Item::Struct(item) => {
                let fields = match &item.fields {
                    Fields::Named(named) => named
                        .named
                        .iter()
                        .filter(|f| is_public(&f.vis) && !is_hidden(&f.attrs))
                        .filter_map(|f| f.ident.as_ref().map(ident_name))
                        .collect(),
                    _ => Vec::new(),
                };
                (
                    ident_name(&item.ident),
                    Definition::new(
                        is_public(&item.vis) && !is_hidden(&item.attrs),
                        DefinitionKind::Struct { fields },
                    ),
                )
            }
            Item::Enum(item) => {
                let variants = item
                    .variants
                    .iter()
                    .filter(|v| !is_hidden(&v.attrs))
                    .map(|v| ident_name(&v.ident))
                    .collect();
                (
                    ident_name(&item.ident),
                    Definition::new(
                        is_public(&item.vis) && !is_hidden(&item.attrs),
                        DefinitionKind::Enum { variants },
                    ),
                )
            }
            Item::Trait(item) => {
                let methods = item
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        TraitItem::Fn(f) if !is_hidden(&f.attrs) => Some(ident_name(&f.sig.ident)),
                        _ => None,
                    })
                    .collect();
                (
                    ident_name(&item.ident),
                    Definition::new(
                        is_public(&item.vis) && !is_hidden(&item.attrs),
                        DefinitionKind::Trait { methods },
                    ),
                )
            }
            Item::Type(item) => (
                ident_name(&item.ident),
                Definition::new(
                    is_public(&item.vis) && !is_hidden(&item.attrs),
                    DefinitionKind::TypeAlias,
                ),
            ),
            Item::Fn(item) => (
                ident_name(&item.sig.ident),
                Definition::new(
                    is_public(&item.vis) && !is_hidden(&item.attrs),
                    DefinitionKind::Function,
                ),
            ),
            Item::Use(item) => {
                let public = is_public(&item.vis) && !is_hidden(&item.attrs);
                let mut entries = Vec::new();
                flatten_use(&item.tree, Vec::new(), &mut entries);
                for (name, target) in entries {
                    self.modules[id].uses.push(UseEntry {
                        public,
                        name,
                        target,
                    });
                }
                return Ok(());
            }
            Item::Impl(item) if item.trait_.is_none() && !is_hidden(&item.attrs) => {
                if let syn::Type::Path(self_ty) = &*item.self_ty {
                    let methods = item
                        .items
                        .iter()
                        .filter_map(|i| match i {
                            ImplItem::Fn(f) if is_public(&f.vis) && !is_hidden(&f.attrs) => {
                                Some(ident_name(&f.sig.ident))
                            }
                            _ => None,
                        })
                        .collect();
                    self.modules[id]
                        .impls
                        .push((path_segments(&self_ty.path), methods));
                }
                return Ok(());
            }
            _ => return Ok(()),
        };
        self.modules[id].items.insert(name, definition);
        Ok(())
    }

    /// Resolves `segments` as written in module `from`. `None` for anything outside the crate
    /// (std, dependencies) or that does not resolve.
    fn resolve(&self, from: ModuleId, segments: &[String], depth: usize) -> Option<Resolved> {
        if depth > 32 {
            return None;
        }
        let (first, rest) = segments.split_first()?;
        let start = match first.as_str() {
            "crate" => Resolved::Module(0),
            "self" => Resolved::Module(from),
            "super" => Resolved::Module(self.modules[from].parent?),
            name => self.lookup(from, name, depth)?,
        };
        rest.iter()
            .try_fold(start, |current, segment| match current {
                Resolved::Module(module) => match segment.as_str() {
                    "super" => self.modules[module].parent.map(Resolved::Module),
                    name => self.lookup(module, name, depth),
                },
                Resolved::Item(..) => None,
            })
    }

    /// A name in a module's scope: its own items first, then what it imports.
    fn lookup(&self, module: ModuleId, name: &str, depth: usize) -> Option<Resolved> {
        let m = &self.modules[module];
        if let Some(index) = m.items.keys().position(|k| k == name) {
            return Some(match &m.items[name].kind {
                DefinitionKind::Module(child) => Resolved::Module(*child),
                _ => Resolved::Item(module, index),
            });
        }
        for entry in &m.uses {
            if entry.name.as_deref() == Some(name) {
                return self.resolve(module, &entry.target, depth + 1);
            }
        }
        for entry in m.uses.iter().filter(|e| e.name.is_none()) {
            if let Some(Resolved::Module(glob)) = self.resolve(module, &entry.target, depth + 1) {
                if let Some(found) = self.lookup(glob, name, depth + 1) {
                    return Some(found);
                }
            }
        }
        None
    }

    fn definition(&self, module: ModuleId, index: usize) -> (&str, &Definition) {
        let (name, definition) = self.modules[module]
            .items
            .iter()
            .nth(index)
            .expect("resolved items exist");
        (name, definition)
    }

    /// Every public path of every item and module, from the crate root.
    fn public_paths(&self) -> BTreeMap<Resolved, BTreeSet<Vec<String>>> {
        let mut paths: BTreeMap<Resolved, BTreeSet<Vec<String>>> = BTreeMap::new();
        let mut stack = vec![(0, Vec::new())];
        while let Some((module, prefix)) = stack.pop() {
            // A module that re-exports one of its ancestors would make paths without end.
            if prefix.len() > MAX_PATH_DEPTH {
                continue;
            }
            for (name, target) in self.exports(module) {
                let mut path = prefix.clone();
                path.push(name);
                if let Resolved::Module(child) = target {
                    stack.push((child, path.clone()));
                }
                paths.entry(target).or_default().insert(path);
            }
        }
        paths
    }

    /// The names a module makes public: its public items and its `pub use`s.
    fn exports(&self, module: ModuleId) -> Vec<(String, Resolved)> {
        let m = &self.modules[module];
        let mut exports = Vec::new();
        for (index, (name, definition)) in m.items.iter().enumerate() {
            if definition.public {
                let target = match definition.kind {
                    DefinitionKind::Module(child) => Resolved::Module(child),
                    _ => Resolved::Item(module, index),
                };
                exports.push((name.clone(), target));
            }
        }
        for entry in m.uses.iter().filter(|e| e.public) {
            let Some(target) = self.resolve(module, &entry.target, 0) else {
                continue;
            };
            match (&entry.name, target) {
                (Some(name), target) => exports.push((name.clone(), target)),
                (None, Resolved::Module(glob)) if glob != module => {
                    exports.extend(self.exports(glob));
                }
                (None, _) => {}
            }
        }
        exports
    }

    fn names(&self) -> Names {
        let paths = self.public_paths();
        let shortest = |target: &Resolved| -> Option<String> {
            paths
                .get(target)?
                .iter()
                .min_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)))
                .map(|p| p.join("::"))
        };
        let mut names = Names::new();
        for (target, all) in &paths {
            let kind = match target {
                Resolved::Module(_) => "mod",
                Resolved::Item(module, index) => match self.definition(*module, *index).1.kind {
                    DefinitionKind::Function => "fn",
                    _ => "type",
                },
            };
            for path in all {
                names.insert(format!("{kind} {}", path.join("::")));
            }
            let Resolved::Item(module, index) = *target else {
                continue;
            };
            let Some(owner) = shortest(target) else {
                continue;
            };
            let (members, member_kind): (&[String], &str) =
                match &self.definition(module, index).1.kind {
                    DefinitionKind::Struct { fields } => (fields, "field"),
                    DefinitionKind::Enum { variants } => (variants, "variant"),
                    DefinitionKind::Trait { methods } => (methods, "fn"),
                    _ => (&[], ""),
                };
            for member in members {
                names.insert(format!("{member_kind} {owner}::{member}"));
            }
        }
        for (module_id, module) in self.modules.iter().enumerate() {
            for (self_ty, methods) in &module.impls {
                let Some(target) = self.resolve(module_id, self_ty, 0) else {
                    continue;
                };
                let Some(owner) = shortest(&target) else {
                    continue;
                };
                for method in methods {
                    names.insert(format!("fn {owner}::{method}"));
                }
            }
        }
        names
    }
}

impl Definition {
    fn new(public: bool, kind: DefinitionKind) -> Definition {
        Definition { public, kind }
    }
}

/// `use a::{b, c as d, e::*}` → (`b`, a::b), (`d`, a::c), (glob, a::e).
fn flatten_use(tree: &UseTree, prefix: Vec<String>, out: &mut Vec<(Option<String>, Vec<String>)>) {
    match tree {
        UseTree::Path(path) => {
            let mut prefix = prefix;
            prefix.push(ident_name(&path.ident));
            flatten_use(&path.tree, prefix, out);
        }
        UseTree::Name(name) => {
            let ident = ident_name(&name.ident);
            let mut target = prefix;
            if ident == "self" {
                let alias = target.last().cloned();
                out.push((alias, target));
            } else {
                target.push(ident.clone());
                out.push((Some(ident), target));
            }
        }
        UseTree::Rename(rename) => {
            let mut target = prefix;
            let ident = ident_name(&rename.ident);
            if ident != "self" {
                target.push(ident);
            }
            out.push((Some(ident_name(&rename.rename)), target));
        }
        UseTree::Glob(_) => out.push((None, prefix)),
        UseTree::Group(group) => {
            for tree in &group.items {
                flatten_use(tree, prefix.clone(), out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate laid out like the SDK's: types defined in private modules and re-exported,
    /// impl blocks reached through `super::` and absolute paths, a trait, a glob re-export.
    fn sample() -> BTreeMap<String, String> {
        let files = [
            (
                "src/lib.rs",
                "pub mod types; pub mod operation; pub mod client; pub use client::Client;\n\
                 mod hidden_impls; pub mod extras { pub mod all { pub use crate::types::*; } }\n\
                 #[cfg(test)] mod tests;",
            ),
            (
                "src/types.rs",
                "pub use crate::types::_web_acl::WebAcl; pub use self::_scope::Scope;\n\
                 mod _web_acl; mod _scope; pub mod builders;",
            ),
            (
                "src/types/_web_acl.rs",
                "pub struct WebAcl { pub name: Option<String>, pub(crate) secret: u8, #[doc(hidden)] pub internal: u8 }\n\
                 impl WebAcl { pub fn name(&self) -> Option<&str> { None } fn private(&self) {} }\n\
                 impl std::fmt::Debug for WebAcl { fn fmt(&self, _: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) } }\n\
                 pub struct WebAclBuilder;",
            ),
            (
                "src/types/_scope.rs",
                "pub enum Scope { Cloudfront, Regional, #[doc(hidden)] Hidden }",
            ),
            (
                "src/types/builders.rs",
                "pub use crate::types::_web_acl::WebAclBuilder;",
            ),
            (
                "src/hidden_impls.rs",
                "impl crate::types::builders::WebAclBuilder { pub fn set_name(self) -> Self { self } }",
            ),
            ("src/operation.rs", "pub mod create_ip_set;"),
            (
                "src/operation/create_ip_set.rs",
                "pub use crate::operation::create_ip_set::_create_ip_set_input::CreateIpSetInput;\n\
                 mod _create_ip_set_input;\n\
                 pub enum CreateIPSetError { WafInternalErrorException(u8) }\n\
                 impl CreateIPSetError { pub fn is_waf_internal_error_exception(&self) -> bool { true } }",
            ),
            (
                "src/operation/create_ip_set/_create_ip_set_input.rs",
                "pub struct CreateIpSetInput { pub r#type: u8 }",
            ),
            (
                "src/client.rs",
                "pub struct Client; mod create_ip_set;\n\
                 pub trait Waiters { fn wait_until_ready(&self); }",
            ),
            (
                "src/client/create_ip_set.rs",
                "impl super::Client { pub fn create_ip_set(&self) {} }",
            ),
        ];
        files
            .into_iter()
            .map(|(path, text)| (path.to_string(), text.to_string()))
            .collect()
    }

    #[test]
    fn lists_public_names_through_re_exports_and_impls() {
        let names = from_sources(&sample()).unwrap();
        let expected = [
            "fn Client::create_ip_set",
            "fn client::Waiters::wait_until_ready",
            "fn operation::create_ip_set::CreateIPSetError::is_waf_internal_error_exception",
            "fn types::WebAcl::name",
            "fn types::builders::WebAclBuilder::set_name",
            "field operation::create_ip_set::CreateIpSetInput::type",
            "field types::WebAcl::name",
            "mod client",
            "mod operation",
            "mod operation::create_ip_set",
            "mod extras",
            "mod extras::all",
            "mod extras::all::builders",
            "mod types",
            "mod types::builders",
            "type Client",
            "type client::Client",
            "type client::Waiters",
            "type operation::create_ip_set::CreateIPSetError",
            "type operation::create_ip_set::CreateIpSetInput",
            "type extras::all::Scope",
            "type extras::all::WebAcl",
            "type extras::all::builders::WebAclBuilder",
            "type types::Scope",
            "type types::WebAcl",
            "type types::builders::WebAclBuilder",
            "variant operation::create_ip_set::CreateIPSetError::WafInternalErrorException",
            "variant types::Scope::Cloudfront",
            "variant types::Scope::Regional",
        ];
        let expected: Names = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            names,
            expected,
            "differences: {:?}",
            differences(&expected, &names)
        );
    }

    #[test]
    fn a_missing_module_file_is_an_error() {
        let mut files = sample();
        files.remove("src/types/_scope.rs");
        let problem = from_sources(&files).unwrap_err();
        assert!(
            problem.contains("src/types.rs") && problem.contains("_scope"),
            "{problem}"
        );
    }

    #[test]
    fn model_names_drop_the_shared_surface() {
        let names: Names = [
            "type config::Builder",
            "fn Client::from_conf",
            "fn Client::create_ip_set",
            "fn operation::x::builders::XFluentBuilder::send",
            "fn operation::x::builders::XFluentBuilder::name",
            "type client::customize::CustomizableOperation",
            "type types::WebAcl",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let kept: Vec<_> = model_names(&names).into_iter().collect();
        assert_eq!(
            kept,
            [
                "fn Client::create_ip_set",
                "fn operation::x::builders::XFluentBuilder::name",
                "type types::WebAcl"
            ]
        );
    }

    #[test]
    fn expectations_round_trip_with_their_marks() {
        let names = expectation_names(&from_sources(&sample()).unwrap());
        let mut ours = names.clone();
        ours.remove("variant types::Scope::Regional");
        ours.insert("fn types::WebAcl::extra".to_string());
        let expectation = Expectation {
            official: names,
            ours,
        };
        let text = expectation.to_text(&["sample".to_string()]);
        assert!(text.starts_with("# sample\n"), "{text}");
        assert!(
            text.contains("\n= WebAcl\n+  fn extra\n=  fn name\n"),
            "{text}"
        );
        assert!(text.contains("\n-  variant Regional\n"), "{text}");
        assert!(text.contains("\n.crate\n= Client\n"), "{text}");
        assert!(!text.contains("field "), "fields are left out: {text}");
        assert_eq!(Expectation::parse(&text).unwrap(), expectation);
        assert!(Expectation::parse("?types\n").is_err());
        assert!(Expectation::parse("= Orphan\n").is_err());
    }
}
