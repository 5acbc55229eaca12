//! The keystroke as an edit: `prepared.edit(pointer, value, options)` sets
//! one value of the document the last `check` read, instead of handing the
//! whole text over again. The document is kept parsed between keystrokes, so
//! neither copying its text into wasm nor parsing it is paid per keystroke.
//!
//! An edit's answer is `check`'s answer for the edited document's text: the
//! text of the last check with that one value written over (compactly), whose
//! size is what `preview::preview_edited` counts the document as. A property test
//! over random edit sequences holds the two equal (tests/edit.rs).

use crate::model::{Snapshot, TextField};
use crate::read::json::{write_str, Json};
use crate::validate::structure::Unit;

/// Nesting an edit may not go past: serde_json's own limit when parsing, so
/// that every edited document is one its text could have been.
pub const MAX_EDIT_DEPTH: usize = 127;

/// The current document of a prepared snapshot's keystrokes.
#[derive(Debug, Default)]
pub struct CurrentDocument {
    /// The last check's text, not parsed until the first edit needs it.
    text: Option<String>,
    /// The document, parsed and edited since; `None` when the text is not
    /// JSON (or there is none: no check yet, or it was over the limit).
    tree: Option<Json<'static>>,
    /// The size of the document's text (see the module's comment).
    bytes: usize,
    /// Whether a `check` gave this document (else there was none yet).
    checked: bool,
    /// The typed snapshot the last preview of this document read (by
    /// `check` or `edit`): `details` acknowledges it (`preview::complete`).
    pub(crate) kept: Option<Snapshot>,
    /// Whether that read found nothing: then an edit inside one unit (the
    /// employee, a dependent, a coverage, an event) re-reads that unit only.
    pub(crate) kept_clean: bool,
    /// What the edits since that preview changed.
    pub(crate) touched: Touched,
    /// What that preview's diff kept for the next edit (`diff::memo`).
    pub(crate) diff: Option<crate::diff::memo::DiffMemo>,
    /// That preview's premium, handed back (`give_back`): the next edit
    /// keeps it when it changed nothing pricing reads.
    pub(crate) premium: Option<crate::premium::PremiumSummary>,
    /// That preview's validation and the day it judged on: the next edit
    /// keeps it when it changed nothing the rules read.
    pub(crate) validation: Option<(Option<crate::model::Date>, crate::validate::ValidationResult)>,
}

/// What the edits since the last preview changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Touched {
    #[default]
    Nothing,
    /// Only values inside this unit (its object itself is still there).
    Unit(Unit),
    /// Anything else: the whole tree is read again.
    More,
}

impl Touched {
    fn and(self, unit: Option<Unit>) -> Touched {
        match (self, unit) {
            (Touched::Nothing, Some(u)) => Touched::Unit(u),
            (Touched::Unit(a), Some(b)) => a.with(b).map_or(Touched::More, Touched::Unit),
            _ => Touched::More,
        }
    }
}

/// The unit a pointer (after its leading `/`) edits strictly inside, if
/// any: a person's own when the edit is inside their `person`.
fn unit_of(rest: &str) -> Option<Unit> {
    let mut tokens = rest.split('/');
    let (first, second, third) = (tokens.next()?, tokens.next(), tokens.next());
    let deeper = third.is_some();
    let at = |make: fn(usize) -> Unit| deeper.then(|| second.and_then(index).map(make)).flatten();
    // After `person` (`key`, then the rest): a name or an address line
    // itself (not inside one: each is a string), else somewhere else inside
    // the person, or the person.
    let inside_person = |key: Option<&str>, mut rest: std::str::Split<'_, char>| {
        let line = rest.next();
        let text = match (key, rest.next()) {
            (Some(key), None) => TextField::named(key, line),
            _ => None,
        };
        (key.is_some(), text)
    };
    match first {
        "employee" if second == Some("person") => match inside_person(third, tokens) {
            (_, Some(text)) => Some(Unit::EmployeeText(text)),
            (true, None) => Some(Unit::EmployeePerson),
            (false, None) => Some(Unit::Employee),
        },
        "employee" => second.map(|_| Unit::Employee),
        "dependents" if third == Some("person") => {
            let k = second.and_then(index)?;
            match inside_person(tokens.next(), tokens) {
                (_, Some(text)) => Some(Unit::DependentText(k, text)),
                (true, None) => Some(Unit::DependentPerson(k)),
                (false, None) => Some(Unit::Dependent(k)),
            }
        }
        "dependents" => at(Unit::Dependent),
        "coverages" => at(Unit::Coverage),
        "events" => at(Unit::Event),
        _ => None,
    }
}

/// Why an edit was refused (the document is then unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The pointer, the document or the value does not allow it (the message says why).
    Refused(String),
    /// The edited document would be over the input limit.
    TooLarge,
}

impl CurrentDocument {
    /// The document a `check` read: its text (`None` when it was over the
    /// limit or not a readable string).
    pub fn checked(text: Option<String>) -> CurrentDocument {
        CurrentDocument {
            bytes: text.as_ref().map_or(0, String::len),
            text,
            checked: true,
            ..CurrentDocument::default()
        }
    }

    /// Keeps the typed snapshot a preview of this document read, and
    /// whether that read found nothing (see `kept`, `kept_clean`).
    pub(crate) fn keep(&mut self, snapshot: Option<Snapshot>, clean: bool) {
        self.kept = snapshot;
        self.kept_clean = clean && self.kept.is_some();
    }

    /// Hands back the last preview of this document (the last `check` or
    /// `edit`'s, `details()` or not): the next edit keeps the units it does
    /// not compare again by moving them out of its differences
    /// (`diff::memo`), instead of each answer copying them, and its premium
    /// when the edit changes nothing pricing reads. Nothing else may be
    /// given: the differences are put back in the order they were built.
    pub fn give_back(&mut self, last: super::Preview) {
        if let Some(memo) = &mut self.diff {
            memo.give_back(last.differences);
        }
        self.premium = last.premium;
    }

    /// The edited document and the size of its text, once an edit made one.
    pub fn tree(&self) -> Option<(&Json<'static>, usize)> {
        self.tree.as_ref().map(|t| (t, self.bytes))
    }

    /// The edited document as compact JSON text (members in document
    /// order, as `check` of it would read them), once an edit made one.
    pub fn text(&self) -> Option<String> {
        let mut out = Vec::with_capacity(self.bytes);
        self.tree.as_ref()?.write_compact(&mut out);
        String::from_utf8(out).ok()
    }

    /// Sets the value at `pointer` (RFC 6901) to `value`, JSON text, or
    /// removes it (`None`): an object's member is replaced (the one a reader
    /// sees when the key is repeated) or added last; an array's item is
    /// replaced, or appended for `-` or the array's length, or removed (the
    /// items after it move up). The pointer `""` replaces the whole document.
    pub fn edit(&mut self, pointer: &str, value: Option<&str>, max_bytes: usize) -> Result<(), EditError> {
        // Tokens are read one at a time, never collected: a 4 MiB pointer of
        // two million tokens must not grow wasm memory (which never shrinks).
        let rest = match pointer {
            "" => None,
            p => Some(
                p.strip_prefix('/')
                    .ok_or_else(|| refused("the pointer must be empty or start with `/` (RFC 6901)"))?,
            ),
        };
        let depth = rest.map_or(0, |r| r.matches('/').count() + 1);
        let value = match value {
            Some(text) => Some(parse(text)?),
            None => None,
        };
        if let Some(v) = &value {
            if depth.saturating_add(v.depth()) > MAX_EDIT_DEPTH {
                return Err(refused(
                    "the edit would nest the document deeper than 127 levels, the limit",
                ));
            }
        }
        let Some(rest) = rest else {
            // The whole document.
            let doc = value.ok_or_else(|| refused("the whole document cannot be removed"))?;
            let bytes = doc.compact_len();
            if bytes > max_bytes {
                return Err(EditError::TooLarge);
            }
            (self.text, self.tree, self.bytes) = (None, Some(doc), bytes);
            self.touched = Touched::More;
            return Ok(());
        };
        self.parse_text();
        let checked = self.checked;
        let tree = self.tree.as_mut().ok_or_else(|| {
            refused(if checked {
                "there is no document to edit: the last one checked was not JSON (or over the input limit); check one that is"
            } else {
                "there is no document to edit: check one first (prepared.check(current, options))"
            })
        })?;
        let (path, last) = rest.rsplit_once('/').map_or(("", rest), |(p, l)| (p, l));
        let mut token = String::new();
        let mut parent = tree;
        for (k, raw) in path.split('/').enumerate().filter(|_| !path.is_empty()) {
            unescape(raw, &mut token)?;
            parent = child(parent, &token)
                .ok_or_else(|| refused(&format!("nothing at the pointer's first {} tokens", k + 1)))?;
        }
        unescape(last, &mut token)?;
        let grown = grow(parent, &token, value.as_ref())?;
        let bytes = self.bytes.saturating_add_signed(grown);
        if bytes > max_bytes {
            return Err(EditError::TooLarge);
        }
        set(parent, &token, value);
        self.bytes = bytes;
        self.touched = self.touched.and(unit_of(rest));
        Ok(())
    }

    /// Parses the last check's text into the tree, once.
    fn parse_text(&mut self) {
        if let Some(text) = self.text.take() {
            self.tree = Json::parse(&text).ok().map(Json::into_owned);
        }
    }
}

fn refused(why: &str) -> EditError {
    EditError::Refused(why.to_owned())
}

/// A JSON Pointer's reference token, unescaped (`~1` is `/`, `~0` is `~`) into `out`.
fn unescape(token: &str, out: &mut String) -> Result<(), EditError> {
    out.clear();
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('0') => out.push('~'),
            Some('1') => out.push('/'),
            _ => return Err(refused("in a JSON Pointer `~` must be followed by `0` or `1`")),
        }
    }
    Ok(())
}

/// The edit's value, owned.
fn parse(text: &str) -> Result<Json<'static>, EditError> {
    match Json::parse(text) {
        Ok(v) => Ok(v.into_owned()),
        // A syntax error names a place, never the text (the tree's visitor
        // accepts every value, so serde has no typed error quoting one).
        Err(e) => Err(EditError::Refused(format!("the value is not JSON: {e}"))),
    }
}

/// An array index token: digits without a leading zero (RFC 6901).
fn index(token: &str) -> Option<usize> {
    let digits = token.bytes().all(|b| b.is_ascii_digit());
    let canonical = token == "0" || !token.starts_with('0');
    (digits && canonical && !token.is_empty())
        .then(|| token.parse().ok())
        .flatten()
}

/// The member or item `token` names.
fn child<'t>(node: &'t mut Json<'static>, token: &str) -> Option<&'t mut Json<'static>> {
    match node {
        Json::Object(m) => m.get_mut(token),
        Json::Array(items) => items.get_mut(index(token)?),
        _ => None,
    }
}

/// How many bytes the compact text grows (or shrinks) by the edit; an error
/// when `parent` cannot take it. Nothing is changed yet.
fn grow(parent: &Json<'static>, token: &str, value: Option<&Json>) -> Result<isize, EditError> {
    let new = value.map_or(0, Json::compact_len);
    let old = |v: &Json| v.compact_len();
    let signed = |n: usize| isize::try_from(n).unwrap_or(isize::MAX);
    match parent {
        Json::Object(m) => {
            let comma = usize::from(!m.is_empty());
            match (m.get(token), value) {
                (Some(was), Some(_)) => Ok(signed(new) - signed(old(was))),
                (Some(was), None) => {
                    let gone = key_len(token) + 1 + old(was) + usize::from(m.len() > 1);
                    Ok(-signed(gone))
                }
                (None, Some(_)) => Ok(signed(key_len(token) + 1 + new + comma)),
                (None, None) => Err(refused("the pointer names no member to remove")),
            }
        }
        Json::Array(items) => {
            let at = if token == "-" {
                Some(items.len())
            } else {
                index(token)
            };
            let comma = usize::from(!items.is_empty());
            match (at.map(|i| (i, items.get(i))), value) {
                (Some((_, Some(was))), Some(_)) => Ok(signed(new) - signed(old(was))),
                (Some((_, Some(was))), None) => Ok(-signed(old(was) + usize::from(items.len() > 1))),
                (Some((i, None)), Some(_)) if i == items.len() => Ok(signed(new + comma)),
                _ => Err(refused("the pointer's last token is not an index of the array")),
            }
        }
        _ => Err(refused("the pointer's parent is not an object or array")),
    }
}

/// Applies an edit `grow` accepted.
fn set(parent: &mut Json<'static>, token: &str, value: Option<Json<'static>>) {
    match (parent, value) {
        (Json::Object(m), Some(v)) => {
            m.set(token, v);
        }
        (Json::Object(m), None) => {
            m.remove(token);
        }
        (Json::Array(items), value) => {
            let at = if token == "-" {
                Some(items.len())
            } else {
                index(token)
            };
            match (at, value) {
                (Some(i), Some(v)) if i == items.len() => items.push(v),
                (Some(i), Some(v)) => {
                    if let Some(slot) = items.get_mut(i) {
                        *slot = v;
                    }
                }
                (Some(i), None) if i < items.len() => {
                    items.remove(i);
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// A key's length as JSON text, quotes and escapes included.
fn key_len(key: &str) -> usize {
    let mut out = Vec::new();
    write_str(key, &mut out);
    out.len()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn doc(text: &str) -> CurrentDocument {
        CurrentDocument::checked(Some(text.to_owned()))
    }

    fn text(d: &CurrentDocument) -> String {
        d.text().unwrap_or_default()
    }

    /// What an edit re-reads: the smallest unit around its pointer; a name
    /// itself alone, anything inside or around it its person or record.
    #[test]
    fn a_pointer_names_the_unit_it_edits() {
        use crate::model::AddressLine::{City, County, StreetTwo};
        let (n, p) = (TextField::Suffix, TextField::First);
        let (c, m, k) = (
            TextField::Address(false, City),
            TextField::Address(true, StreetTwo),
            TextField::Address(false, County),
        );
        for (pointer, unit) in [
            ("employee/person/suffix", Some(Unit::EmployeeText(n))),
            ("employee/person/suffix/x", Some(Unit::EmployeePerson)),
            ("employee/person/suf~0fix", Some(Unit::EmployeePerson)),
            ("employee/person/home_address/city", Some(Unit::EmployeeText(c))),
            (
                "employee/person/mailing_address/street_two",
                Some(Unit::EmployeeText(m)),
            ),
            ("employee/person/home_address/city/x", Some(Unit::EmployeePerson)),
            (
                "employee/person/home_address/zip_code",
                Some(Unit::EmployeePerson),
            ),
            ("employee/person/home_address", Some(Unit::EmployeePerson)),
            ("employee/person/first_name/x", Some(Unit::EmployeePerson)),
            (
                "dependents/0/person/home_address/county",
                Some(Unit::DependentText(0, k)),
            ),
            ("employee/person", Some(Unit::Employee)),
            ("employee/id", Some(Unit::Employee)),
            ("dependents/1/person/first_name", Some(Unit::DependentText(1, p))),
            ("dependents/1/person/first_name/0", Some(Unit::DependentPerson(1))),
            ("dependents/1/person/sex", Some(Unit::DependentPerson(1))),
            ("dependents/1/person", Some(Unit::Dependent(1))),
            ("dependents/x/person/first_name", None),
            ("dependents/1", None),
            ("person/first_name", None),
        ] {
            assert_eq!(unit_of(pointer), unit, "{pointer}");
        }
        let (e, d) = (Unit::EmployeeText(n), Unit::DependentText(1, n));
        assert_eq!(e.with(e), Some(e));
        assert_eq!(e.with(Unit::EmployeeText(p)), Some(Unit::EmployeePerson));
        assert_eq!(e.with(Unit::Employee), Some(Unit::Employee));
        assert_eq!(d.with(Unit::DependentText(1, p)), Some(Unit::DependentPerson(1)));
        assert_eq!(d.with(Unit::Dependent(1)), Some(Unit::Dependent(1)));
        assert_eq!(d.with(Unit::DependentText(2, n)), None);
        assert_eq!(d.with(e), None);
    }

    #[test]
    fn edits_as_rfc_6901_and_6902_say() {
        let mut d = doc(r#"{"a":{"b":[1,2,3]},"a~/b":0,"k":1,"k":2}"#);
        d.edit("/a/b/1", Some("\"x\""), 1000).unwrap();
        d.edit("/a/b/-", Some("4"), 1000).unwrap();
        d.edit("/a/b/4", Some("5"), 1000).unwrap();
        d.edit("/a/b/0", None, 1000).unwrap();
        d.edit("/a~0~1b", Some("{}"), 1000).unwrap();
        d.edit("/k", Some("3"), 1000).unwrap();
        d.edit("/new", Some("null"), 1000).unwrap();
        assert_eq!(
            text(&d),
            r#"{"a":{"b":["x",3,4,5]},"a~/b":{},"k":1,"k":3,"new":null}"#
        );
        assert_eq!(d.tree().map(|t| t.1), Some(text(&d).len()));
        d.edit("/k", None, 1000).unwrap();
        d.edit("/k", None, 1000).unwrap();
        d.edit("/a", None, 1000).unwrap();
        assert_eq!(text(&d), r#"{"a~/b":{},"new":null}"#);
        assert_eq!(d.tree().map(|t| t.1), Some(text(&d).len()));
    }

    #[test]
    fn refuses_what_it_cannot_do_and_changes_nothing() {
        let mut d = doc(r#"{"a":[1],"s":"x"}"#);
        for (pointer, value) in [
            ("a", Some("1")),
            ("/a/01", Some("1")),
            ("/a/2", Some("1")),
            ("/a/-", None),
            ("/s/0", Some("1")),
            ("/nope/x", Some("1")),
            ("/nope", None),
            ("/a/~2", Some("1")),
            ("/a/0", Some("{")),
            ("", None),
        ] {
            assert!(
                matches!(d.edit(pointer, value, 1000), Err(EditError::Refused(_))),
                "{pointer}"
            );
        }
        assert_eq!(
            d.edit("/s", Some(&format!("\"{}\"", "y".repeat(100))), 50),
            Err(EditError::TooLarge)
        );
        let deep = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert!(d.edit("/a/0", Some(&deep), 100_000).is_err());
        assert_eq!(text(&d), r#"{"a":[1],"s":"x"}"#);
        let mut bad = doc("not json");
        let why = |d: &mut CurrentDocument| match d.edit("/a", Some("1"), 1000) {
            Err(EditError::Refused(why)) => why,
            other => format!("{other:?}"),
        };
        assert!(why(&mut bad).contains("the last one checked was not JSON"));
        let mut none = CurrentDocument::default();
        assert_eq!(
            why(&mut none),
            "there is no document to edit: check one first (prepared.check(current, options))"
        );
        bad.edit("", Some("{\"a\":1}"), 1000).unwrap();
        assert_eq!(text(&bad), r#"{"a":1}"#);
    }
}
