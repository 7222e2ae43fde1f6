//! A bound on how deeply a GraphQL text nests, checked before the parser sees it.
//!
//! The parser, the validator and the value coercion all recurse once per level of a
//! selection set, a list or an object value; a few kilobytes of `[[[…]]]` overflowed a
//! worker's stack and aborted the process. This scan is flat: it counts the open brackets of
//! every kind outside strings and comments, so a document that nests past [`MAX_NESTING`]
//! anywhere (selections, arguments, directive arguments, variable defaults) is refused
//! before anything recurses on it.

/// The deepest nesting of `{`, `[` and `(` a document may have. The selection depth limit
/// (10) with an argument object or two at the bottom stays far below it.
pub const MAX_NESTING: usize = 64;

/// Whether `text` nests its brackets deeper than `limit`, outside strings and comments.
pub fn too_deep(text: &str, limit: usize) -> bool {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    // `\"""` inside a block string is an escaped delimiter.
                    i += if bytes[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_of_every_kind_count_and_strings_and_comments_do_not() {
        assert!(!too_deep("{ me { roles } }", 2));
        assert!(too_deep("{ me { roles } }", 1));
        assert!(too_deep("{ a(x: [[1]]) }", 3));
        assert!(!too_deep("{ a(x: [[1]]) }", 4));
        assert!(too_deep("{ a(x: {b: {c: 1}}) }", 3));
        let hidden = "{ a(x: \"[[[[[\") # {{{{{{\n b(y: \"\"\"((((\\\"\"\"((((\"\"\") }";
        assert!(!too_deep(hidden, 2));
        assert!(too_deep(hidden, 1));
    }

    #[test]
    fn an_unclosed_string_or_bracket_ends_the_scan_without_panicking() {
        assert!(!too_deep("{ a(x: \"unclosed", 5));
        assert!(!too_deep("{ a(x: \"\"\"unclosed", 5));
        assert!(!too_deep("}}}]]){", 5));
        assert!(too_deep(&"[".repeat(10_000), MAX_NESTING));
    }
}
