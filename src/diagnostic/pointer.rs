//! JSON Pointers (RFC 6901) into the documents the engine reads, and what a
//! pointer into a snapshot reaches as far as carriers go (`validate::scope`
//! decides the carriers; the issue cap counts reaches it does not list).

use super::issue::Severity;

/// Appends `/token` to a JSON Pointer, escaping `~` and `/` (RFC 6901).
pub fn push_token(path: &mut String, token: &str) {
    path.push('/');
    // Every field read goes through here: the common case is one copy (and a
    // byte scan: a `[char]` pattern decoded UTF-8 and cost 5% of validate).
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        path.push_str(token);
        return;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escaping() {
        let mut p = String::new();
        push_token(&mut p, "a/b~c");
        assert_eq!(p, "/a~1b~0c");
    }
}
