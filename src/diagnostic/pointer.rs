//! JSON Pointers (RFC 6901) into the documents the engine reads, and what a
//! pointer into a snapshot reaches as far as carriers go (`validate::scope`
//! decides the carriers; the issue cap counts reaches it does not list).

use super::issue::Severity;

/// A JSON Pointer from its tokens: `pointer!["coverages", i, "carrier_id"]`
/// is `/coverages/3/carrier_id`, and `pointer!(base; "plan_name")` extends the
/// pointer `base`. Strings are object keys, escaped as RFC 6901 says; `usize`
/// values are array indexes. Pointers are built here, never with `format!`
/// (tests/architecture.rs).
macro_rules! pointer {
    ($base:expr; $($token:expr),+ $(,)?) => {{
        let mut path = $crate::diagnostic::pointer::buffer(::core::convert::AsRef::<str>::as_ref(&$base));
        $($crate::diagnostic::pointer::Token::push_onto(&$token, &mut path);)+
        path
    }};
    ($($token:expr),+ $(,)?) => {{
        let mut path = $crate::diagnostic::pointer::buffer("");
        $($crate::diagnostic::pointer::Token::push_onto(&$token, &mut path);)+
        path
    }};
}
pub(crate) use pointer;

/// A new pointer starting with `base`, with room for a snapshot's deeper
/// pointers (`/coverages/3/enrolled_members/12/…`) from the start: one
/// allocation rather than one per doubling. One function, not inlined into
/// every `pointer!`.
#[inline(never)]
pub fn buffer(base: &str) -> String {
    let mut path = String::with_capacity(base.len() + 48);
    path.push_str(base);
    path
}

/// One token of a JSON Pointer: an object key or an array index.
pub trait Token {
    /// Appends `/` and the token, escaped.
    fn push_onto(&self, path: &mut String);
}

impl Token for str {
    fn push_onto(&self, path: &mut String) {
        push_token(path, self);
    }
}

impl Token for String {
    fn push_onto(&self, path: &mut String) {
        push_token(path, self);
    }
}

impl Token for usize {
    fn push_onto(&self, path: &mut String) {
        push_index(path, *self);
    }
}

impl<T: Token + ?Sized> Token for &T {
    fn push_onto(&self, path: &mut String) {
        (**self).push_onto(path);
    }
}

/// Appends `/i` to a JSON Pointer.
pub fn push_index(path: &mut String, i: usize) {
    path.push('/');
    crate::model::text::push_decimal(path, i);
}

/// Appends `/token` to a JSON Pointer, escaping `~` and `/` (RFC 6901).
pub fn push_token(path: &mut String, token: &str) {
    path.push('/');
    // Every field read goes through here: the common case is one copy (and a
    // byte scan: a `[char]` pattern decoded UTF-8 and cost 5% of validate).
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        path.push_str(token);
        return;
    }
    // Masked before it is escaped: `219/45/3876` escaped is `219~145~13876`,
    // which no longer reads as an SSN to the output's scrubbing, yet any
    // RFC 6901 reader turns it back. Only keys with `~` or `/` come here.
    let token = crate::privacy::scrub(token);
    for ch in token.chars() {
        match ch {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            _ => path.push(ch),
        }
    }
}

/// Where an issue points, as far as carriers go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Reach {
    /// A fatal issue: every carrier the caller names.
    All,
    /// The whole family (the employee, events, the document).
    Family,
    /// Coverage `i`: its carrier.
    Coverage(usize),
    /// Dependent `k`: the carriers of the coverages enrolling them.
    Dependent(usize),
    /// A value of a person that only an 834 requires (`reach_of_code`): of
    /// the employee's carriers (`None`, the family's) or dependent `k`'s
    /// (`Some(k)`), those written an 834.
    File834(Option<usize>),
}

/// Where an issue of `severity` at `path` points (no snapshot needed).
pub(crate) fn reach_of(severity: Severity, path: &str) -> Reach {
    if severity == Severity::Fatal {
        return Reach::All;
    }
    let mut tokens = path.split('/').skip(1);
    let section = tokens.next();
    let index = tokens.next().and_then(|t| t.parse::<usize>().ok());
    match (section, index) {
        (Some("coverages"), Some(i)) => Reach::Coverage(i),
        (Some("dependents"), Some(k)) => Reach::Dependent(k),
        _ => Reach::Family,
    }
}

/// Where an issue of `code` points: `reach_of`, narrowed for a value of a
/// person only an 834 requires (`last_name_unwritable`) to the carriers
/// written an 834, so that it blocks no Sync carrier (source S2).
pub(crate) fn reach_of_code(code: &str, severity: Severity, path: &str) -> Reach {
    let file834 = code == super::catalogue::LAST_NAME_UNWRITABLE.code;
    match reach_of(severity, path) {
        Reach::Family if file834 => Reach::File834(None),
        Reach::Dependent(k) if file834 => Reach::File834(Some(k)),
        reach => reach,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escaping() {
        let mut p = String::new();
        push_token(&mut p, "a/b~c");
        assert_eq!(p, "/a~1b~0c");
    }

    #[test]
    fn an_ssn_in_a_key_is_masked_before_it_is_escaped() {
        let mut p = String::new();
        push_token(&mut p, "219/45/3876");
        assert_eq!(p, "/***~1**~13876");
        let mut q = String::new();
        push_token(&mut q, "x/219-45-3876~");
        assert_eq!(q, "/x~1***-**-3876~0");
    }

    #[test]
    fn pointers_from_tokens() {
        let (i, key) = (12usize, String::from("a/b~c"));
        assert_eq!(
            pointer!["coverages", i, "enrolled_members", 0usize],
            "/coverages/12/enrolled_members/0"
        );
        // Keys are escaped; `~` first, so `~1` in a key stays two characters.
        assert_eq!(pointer![key, "~1", ""], "/a~1b~0c/~01/");
        let base = pointer!["plans", 3usize];
        assert_eq!(
            pointer!(base; "rates", "age_bands", 10usize),
            "/plans/3/rates/age_bands/10"
        );
        assert_eq!(pointer!("/x~1y"; "z"), "/x~1y/z", "the base is a pointer already");
    }
}
