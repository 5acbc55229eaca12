//! Building an issue from a catalogue rule: its message rendered from the
//! rule's template, its params quoted (input text cut to 64 characters) and
//! SSN-like text scrubbed from path, params and message.

use serde_json::{Map, Value};

use super::catalogue::Rule;
use super::issue::{scrub_ssns, Issue};
use crate::model::text::{cut_tail, quote, QUOTE_CHARS};

/// Fills `{name}` placeholders from params; strings unquoted, lists comma-joined.
pub(crate) fn render(template: &str, params: &Map<String, Value>) -> String {
    render_capped(template, params, usize::MAX)
}

/// `render`, stopping once the text passes `max` bytes (then cut on a
/// character boundary and ended with `…`): a template from the input
/// (a claims catalogue) may repeat a long parameter thousands of times.
/// One pass over the template: each `{` is closed by the first `}` after it,
/// and once no `}` is left the rest is text.
pub(crate) fn render_capped(template: &str, params: &Map<String, Value>, max: usize) -> String {
    fill(template, params, max, |out, piece| out.push_str(piece))
}

/// `render_capped` for a template that is itself input (a claims
/// catalogue's text): each piece of the template and each value is masked
/// on its own before they are joined — `member 219 453 876 {since}` filled
/// with a date is a 17-digit chain the whole text's masking leaves (review
/// 25f #4), as with every text the engine joins from input values.
pub(crate) fn render_input_template(template: &str, params: &Map<String, Value>, max: usize) -> String {
    fill(template, params, max, |out, piece| {
        out.push_str(&crate::privacy::scrub(piece));
    })
}

fn fill(template: &str, params: &Map<String, Value>, max: usize, push: impl Fn(&mut String, &str)) -> String {
    let mut out = String::with_capacity(template.len().min(max) + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if out.len() > max {
            break;
        }
        let (before, after) = rest.split_at(open);
        push(&mut out, before);
        let after = after.get(1..).unwrap_or_default();
        let Some(close) = after.find('}') else {
            out.push('{');
            rest = after;
            break;
        };
        let name = after.get(..close).unwrap_or_default();
        match params.get(name) {
            Some(v) => {
                let mut shown = String::new();
                display_into(&mut shown, v);
                push(&mut out, &shown);
            }
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    if out.len() <= max {
        push(&mut out, rest);
    }
    if out.len() > max {
        let mut cut = max.min(out.len());
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        // Not through an SSN (`cut_tail`: one cut in two is not masked).
        let head = cut_tail(&out).len();
        out.truncate(head);
        out.push('…');
    }
    out
}

fn display_into(out: &mut String, v: &Value) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                display_into(out, item);
            }
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Builds an issue at `path` from a rule and params; quotes input text
/// (`quote_params`) and scrubs SSN-like text.
pub(crate) fn make_issue(rule: &Rule, path: String, mut params: Map<String, Value>) -> Issue {
    quote_params(&mut params);
    for v in params.values_mut() {
        *v = crate::privacy::scrub_value(std::mem::take(v));
    }
    Issue {
        code: rule.code.to_owned(),
        severity: rule.severity,
        path: scrub_ssns(&path),
        message: scrub_ssns(&render(rule.template, &params)),
        params,
        carrier_ids: Vec::new(),
        line_of_coverage: None,
    }
}

/// Turns `json!({...})` into a params map (non-objects give an empty map).
pub(crate) fn params(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Params whose text the engine composed from already-quoted pieces (a
/// cause's message, a parse error's explanation): kept whole.
const COMPOSED_PARAMS: &[&str] = &["reason"];

/// Quotes every string in an issue's params (inside lists and objects too),
/// but for the engine-composed ones, so that no rule can copy a long input
/// text into a result by naming it.
pub(crate) fn quote_params(params: &mut Map<String, Value>) {
    for (key, v) in params.iter_mut() {
        if !COMPOSED_PARAMS.contains(&key.as_str()) {
            quote_value(v);
        }
    }
}

fn quote_value(v: &mut Value) {
    match v {
        Value::String(s) if s.chars().nth(QUOTE_CHARS).is_some() => *s = quote(s),
        Value::Array(items) => items.iter_mut().for_each(quote_value),
        Value::Object(m) => m.values_mut().for_each(quote_value),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn render_fills_and_keeps_unknown() {
        let p = params(json!({"a": "x", "n": 3, "l": ["p", "q"]}));
        assert_eq!(render("{a} {n} {l} {zz} {", &p), "x 3 p, q {zz} {");
    }

    #[test]
    fn an_input_template_is_masked_piece_by_piece() {
        let p = params(json!({"since": "2026-02-01"}));
        let shown = |ssn: &str| render_input_template(&format!("member {ssn} {{since}}"), &p, 1024);
        let first = shown("219 453 876");
        assert!(
            !first.contains("219 45") && first.ends_with("876 2026-02-01"),
            "{first}"
        );
        assert_eq!(shown("318 623 876"), first);
        // Joined before masking, the whole was a 17-digit chain left as it is.
        assert!(render_capped("member 219 453 876 {since}", &p, 1024).contains("219 453 876"));
    }

    #[test]
    fn render_is_one_pass_and_capped() {
        let p = params(json!({"a": "xyz"}));
        // A million unclosed braces: one pass, kept as text.
        let braces = "{".repeat(1_000_000);
        assert_eq!(render(&braces, &p), braces);
        assert_eq!(render_capped("{a}{a}{a}", &p, 5), "xyzxy…");
        assert_eq!(render_capped("{a}{a}", &p, 6), "xyzxyz");
        assert_eq!(render_capped("é{a}", &p, 1), "…");
        // Backed off to before the digits and separators the cut would end in.
        let ssn = params(json!({"a": "ab 538-71-4296"}));
        assert_eq!(render_capped("{a}", &ssn, 10), "ab…");
        let dates = params(json!({"a": "2026-01-01"}));
        // All of them: no run of ten digits to stop at (`cut_tail`).
        assert_eq!(render_capped("{a}{a}{a}", &dates, 25), "…");
        assert_eq!(render_capped("ok {a}{a}{a}", &dates, 28), "ok…");
        let ssn = params(json!({"a": "x 219453876"}));
        assert_eq!(render_capped("{a}-1234", &ssn, 11), "x…");
        let many = "{a}".repeat(100_000);
        assert_eq!(render_capped(&many, &p, 10).chars().count(), 11);
    }
}
