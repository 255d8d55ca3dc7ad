//! Just enough GraphQL for ACO's admin and Merchandising APIs as the connector uses them: one
//! operation (`query` / `mutation`, optional name and variable definitions), fields with aliases and
//! arguments (variables, strings, numbers, booleans, null, enums, lists, objects), nested selections
//! and inline fragments (`... on Type`). Not supported, and refused with a message: named fragments,
//! directives, several operations. Answers are built as full JSON objects and cut down to the
//! selection (`project`), the way a GraphQL server returns only what was asked.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One selected field or inline fragment.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    Field(Field),
    /// `... on Type { … }` (`None`: no type condition).
    Fragment(Option<String>, Vec<Selection>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub alias: Option<String>,
    pub name: String,
    pub args: BTreeMap<String, Value>,
    pub selection: Vec<Selection>,
}

impl Field {
    pub fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub mutation: bool,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    Var(String),
    Str(String),
    Num(String),
    Punct(char),
    Spread,
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            ' ' | '\t' | '\n' | '\r' | ',' | '\u{feff}' => {
                chars.next();
            }
            '#' => {
                while chars.next().is_some_and(|c| c != '\n') {}
            }
            '{' | '}' | '(' | ')' | '[' | ']' | ':' | '!' | '=' | '@' => {
                chars.next();
                out.push(Token::Punct(c));
            }
            '.' => {
                let dots: String = std::iter::from_fn(|| chars.next_if_eq(&'.')).collect();
                if dots != "..." {
                    return Err(format!("unexpected {dots:?}"));
                }
                out.push(Token::Spread);
            }
            '$' => {
                chars.next();
                out.push(Token::Var(std::iter::from_fn(|| chars.next_if(|c| c.is_alphanumeric() || *c == '_')).collect()));
            }
            '"' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => return Err("unterminated string".into()),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some('u') => {
                                let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                                s.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).ok_or(format!("bad escape \\u{hex}"))?);
                            }
                            Some(other) => s.push(other),
                            None => return Err("unterminated string".into()),
                        },
                        Some(other) => s.push(other),
                    }
                }
                out.push(Token::Str(s));
            }
            c if c == '-' || c.is_ascii_digit() => {
                out.push(Token::Num(std::iter::from_fn(|| chars.next_if(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.'))).collect()));
            }
            c if c.is_alphabetic() || c == '_' => {
                out.push(Token::Name(std::iter::from_fn(|| chars.next_if(|c| c.is_alphanumeric() || *c == '_')).collect()));
            }
            other => return Err(format!("unexpected character {other:?}")),
        }
    }
    Ok(out)
}

struct Parser<'v> {
    tokens: Vec<Token>,
    at: usize,
    variables: &'v Map<String, Value>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Result<Token, String> {
        let t = self.peek().cloned().ok_or("unexpected end of the document")?;
        self.at += 1;
        Ok(t)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(&Token::Punct(c));
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected {c:?}, found {}", self.peek().map_or("the end".into(), |t| format!("{t:?}"))))
        }
    }

    fn name(&mut self) -> Result<String, String> {
        match self.next()? {
            Token::Name(n) => Ok(n),
            other => Err(format!("expected a name, found {other:?}")),
        }
    }

    fn operation(&mut self) -> Result<Operation, String> {
        let mutation = match self.peek() {
            Some(Token::Name(n)) if n == "query" || n == "mutation" => {
                let mutation = n == "mutation";
                self.at += 1;
                if matches!(self.peek(), Some(Token::Name(_))) {
                    self.at += 1;
                }
                if self.eat('(') {
                    // variable definitions: their values come from `variables`
                    while !self.eat(')') {
                        self.next()?;
                    }
                }
                mutation
            }
            _ => false,
        };
        let fields = self.selection_set()?.into_iter().map(|s| match s {
            Selection::Field(f) => Ok(f),
            Selection::Fragment(..) => Err("a fragment at the top of an operation is not supported".to_owned()),
        });
        let op = Operation { mutation, fields: fields.collect::<Result<_, _>>()? };
        match self.peek() {
            None => Ok(op),
            Some(t) => Err(format!("only one operation per request is supported; found {t:?} after it")),
        }
    }

    fn selection_set(&mut self) -> Result<Vec<Selection>, String> {
        self.expect('{')?;
        let mut out = Vec::new();
        while !self.eat('}') {
            if self.peek() == Some(&Token::Spread) {
                self.at += 1;
                let on = match self.peek() {
                    Some(Token::Name(n)) if n == "on" => {
                        self.at += 1;
                        Some(self.name()?)
                    }
                    Some(Token::Name(n)) => return Err(format!("named fragments (...{n}) are not supported")),
                    _ => None,
                };
                out.push(Selection::Fragment(on, self.selection_set()?));
                continue;
            }
            let first = self.name()?;
            let (alias, name) = if self.eat(':') { (Some(first), self.name()?) } else { (None, first) };
            let mut args = BTreeMap::new();
            if self.eat('(') {
                while !self.eat(')') {
                    let arg = self.name()?;
                    self.expect(':')?;
                    args.insert(arg, self.value()?);
                }
            }
            if self.peek() == Some(&Token::Punct('@')) {
                return Err("directives are not supported".into());
            }
            let selection = if self.peek() == Some(&Token::Punct('{')) { self.selection_set()? } else { Vec::new() };
            out.push(Selection::Field(Field { alias, name, args, selection }));
        }
        Ok(out)
    }

    fn value(&mut self) -> Result<Value, String> {
        Ok(match self.next()? {
            Token::Var(v) => self.variables.get(&v).cloned().unwrap_or(Value::Null),
            Token::Str(s) => Value::String(s),
            Token::Num(n) => serde_json::from_str(&n).map_err(|_| format!("bad number {n:?}"))?,
            Token::Name(n) => match n.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                // an enum value, as the JSON of a variable would carry it
                _ => Value::String(n),
            },
            Token::Punct('[') => {
                let mut items = Vec::new();
                while !self.eat(']') {
                    items.push(self.value()?);
                }
                Value::Array(items)
            }
            Token::Punct('{') => {
                let mut object = Map::new();
                while !self.eat('}') {
                    let key = self.name()?;
                    self.expect(':')?;
                    object.insert(key, self.value()?);
                }
                Value::Object(object)
            }
            other => return Err(format!("expected a value, found {other:?}")),
        })
    }
}

/// Parses a request's `query` with its `variables`.
pub fn parse(query: &str, variables: &Map<String, Value>) -> Result<Operation, String> {
    Parser { tokens: tokens(query)?, at: 0, variables }.operation()
}

/// `value` cut down to `selection`; objects' `__typename` decides inline fragments.
pub fn project(value: &Value, selection: &[Selection]) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|v| project(v, selection)).collect()),
        Value::Object(object) if !selection.is_empty() => {
            let mut out = Map::new();
            select_into(object, selection, &mut out);
            Value::Object(out)
        }
        other => other.clone(),
    }
}

fn select_into(object: &Map<String, Value>, selection: &[Selection], out: &mut Map<String, Value>) {
    for s in selection {
        match s {
            Selection::Field(f) => {
                let value = object.get(&f.name).map_or(Value::Null, |v| project(v, &f.selection));
                out.insert(f.key().to_owned(), value);
            }
            Selection::Fragment(on, inner) => {
                if on.as_deref().is_none_or(|t| object.get("__typename").and_then(Value::as_str) == Some(t)) {
                    select_into(object, inner, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_arguments_variables_aliases_and_fragments() {
        let vars = json!({"skus": ["A", "B"]});
        let op = parse(
            r#"query Q($skus: [String]) { items: products(skus: $skus) { sku ... on SimpleProductView { price { final { amount { value } } } } } }"#,
            vars.as_object().unwrap(),
        )
        .unwrap();
        assert!(!op.mutation);
        assert_eq!(op.fields[0].key(), "items");
        assert_eq!(op.fields[0].args["skus"], json!(["A", "B"]));
        let product = json!({"__typename": "SimpleProductView", "sku": "A", "name": "x", "price": {"final": {"amount": {"value": 5.0, "currency": "USD"}}}});
        assert_eq!(project(&product, &op.fields[0].selection), json!({"sku": "A", "price": {"final": {"amount": {"value": 5.0}}}}));
        let complex = json!({"__typename": "ComplexProductView", "sku": "C"});
        assert_eq!(project(&complex, &op.fields[0].selection), json!({"sku": "C"}));
    }

    #[test]
    fn parses_inline_objects_enums_and_mutations() {
        let op = parse(
            r#"mutation { createPolicy(policyRequest: { name: "P \"1\"", mandatory: true, actions: [{ filters: [{ attribute: "a", actionFilterOperator: IN, values: ["x"], enabled: true, valueSource: STATIC }] }] }) { policyId } }"#,
            &Map::new(),
        )
        .unwrap();
        assert!(op.mutation);
        let request = &op.fields[0].args["policyRequest"];
        assert_eq!(request["name"], "P \"1\"");
        assert_eq!(request["actions"][0]["filters"][0]["actionFilterOperator"], "IN");
    }

    #[test]
    fn what_it_does_not_support_is_refused_with_a_message() {
        for (query, says) in [
            ("{ products(skus: [\"A\"]) { ...Parts } }", "named fragments"),
            ("{ a } { b }", "one operation"),
            ("{ a @include(if: true) }", "directives"),
            ("{ a(x: \"open) }", "unterminated string"),
            ("{ a", "end of the document"),
        ] {
            let err = parse(query, &Map::new()).unwrap_err();
            assert!(err.contains(says), "{query}: {err}");
        }
    }
}
