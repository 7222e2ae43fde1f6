//! Reads an answer's typed shape out of its parsed JSON.
//!
//! `serde_json::from_value` can be asked for a struct as a JSON array too, so every answer type
//! carried code for reading itself from an array, and for keys given as bytes or numbers, that a
//! GraphQL answer never needs. With well over a hundred answer types, that unused code was a
//! sizeable part of the web app's download. This reader offers only what GraphQL answers hold:
//! objects read as maps, keys as text, enums as their names.
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::{Map, Value};

/// Reads a `T` from `value` as GraphQL gives it.
pub fn from_value<T: de::DeserializeOwned>(value: &Value) -> Result<T, Unreadable> {
    T::deserialize(Reader(value))
}

/// An answer not of the expected shape. How it is wrong is not kept: the app shows one message
/// for every such answer, and serde's description of the mismatch would bring the text and the
/// formatting code of every answer type into the download.
#[derive(Debug, PartialEq, Eq)]
pub struct Unreadable;

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the answer does not have the expected shape")
    }
}

impl std::error::Error for Unreadable {}

/// Every constructor drops its description unread, so none is ever formatted.
impl de::Error for Unreadable {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unreadable
    }
    fn invalid_type(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Unreadable
    }
    fn invalid_value(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Unreadable
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Unreadable
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Unreadable
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Unreadable
    }
    fn missing_field(_: &'static str) -> Self {
        Unreadable
    }
    fn duplicate_field(_: &'static str) -> Self {
        Unreadable
    }
}

struct Reader<'a>(&'a Value);

impl<'de> de::Deserializer<'de> for Reader<'_> {
    type Error = Unreadable;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(Items(items.iter())),
            Value::Object(fields) => visitor.visit_map(Fields::new(fields)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Items(items.iter())),
            _ => Err(Unreadable),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0 {
            Value::Object(fields) => visitor.visit_map(Fields::new(fields)),
            _ => Err(Unreadable),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            _ => Err(Unreadable),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct tuple tuple_struct identifier
    }
}

struct Items<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = Unreadable;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unreadable> {
        self.0
            .next()
            .map(|item| seed.deserialize(Reader(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Fields<'a> {
    entries: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'a> Fields<'a> {
    fn new(map: &'a Map<String, Value>) -> Self {
        Fields {
            entries: map.iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = Unreadable;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unreadable> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(Key(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Unreadable> {
        match self.value.take() {
            Some(value) => seed.deserialize(Reader(value)),
            None => Err(Unreadable),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An object's key: only ever text.
struct Key<'a>(&'a str);

impl<'de> de::Deserializer<'de> for Key<'_> {
    type Error = Unreadable;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_str(self.0)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ops;
    use serde_json::json;

    /// Every answer reads the same through this reader as through `serde_json::from_value`.
    fn same<T>(answer: Value)
    where
        T: de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let ours: T = from_value(&answer).unwrap();
        let theirs: T = serde_json::from_value(answer).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn answers_read_as_serde_json_reads_them() {
        let person = |name: &str, no: &str| json!({ "person": { "name": name, "employeeNo": no } });
        same::<ops::me::ResponseData>(json!({ "me": {
            "accountId": "019a0000-0000-7000-8000-000000000001",
            "roles": ["AGENT", "TEAM_LEADER"],
            "employee": {
                "id": "019a0000-0000-7000-8000-000000000002",
                "employeeNo": "H0001",
                "name": "王小明",
                "phone": "138****5678",
                "position": "坐席",
                "hireDate": "2024-02-29",
                "status": "REGULAR",
                "keyPosition": true,
                "orgUnit": { "id": "u1", "name": "一组", "kind": "TEAM" },
                "reportingLine": {
                    "superior": person("李四", "T0001"),
                    "skipLevel": null,
                    "aFieldNotAskedFor": { "nested": [1, 2.5, -3, "x", null, true] }
                }
            }
        }}));
        // An optional field that is absent reads as one that is null.
        same::<ops::me::ResponseData>(json!({ "me": {
            "accountId": "a", "roles": [], "employee": {
                "id": "e", "employeeNo": "A0001", "name": "张三", "phone": "", "position": "",
                "hireDate": "2020-01-01", "status": "LEFT", "keyPosition": false,
                "orgUnit": { "id": "c", "name": "公司", "kind": "COMPANY" },
                "reportingLine": { "superior": null }
            }
        }}));
    }

    #[test]
    fn unknown_enum_names_are_errors_in_both() {
        let mut answer = json!({ "me": {
            "accountId": "a", "roles": ["HR"], "employee": {
                "id": "e", "employeeNo": "A0001", "name": "张三", "phone": "", "position": "",
                "hireDate": "2020-01-01", "status": "REGULAR", "keyPosition": false,
                "orgUnit": { "id": "c", "name": "公司", "kind": "COMPANY" },
                "reportingLine": {}
            }
        }});
        assert!(from_value::<ops::me::ResponseData>(&answer).is_ok());
        answer["me"]["roles"] = json!(["NOT_A_ROLE"]);
        assert!(from_value::<ops::me::ResponseData>(&answer).is_err());
        assert!(serde_json::from_value::<ops::me::ResponseData>(answer).is_err());
    }

    #[test]
    fn wrong_shapes_are_errors() {
        assert!(from_value::<ops::me::ResponseData>(&json!({ "me": [1, 2] })).is_err());
        assert!(from_value::<ops::me::ResponseData>(&json!({ "me": "text" })).is_err());
        assert!(from_value::<Vec<String>>(&json!({ "a": "b" })).is_err());
        assert!(from_value::<String>(&json!(7)).is_err());
        assert!(from_value::<i64>(&json!("7")).is_err());
    }

    #[test]
    fn plain_values_read_as_themselves() {
        assert_eq!(from_value::<i64>(&json!(-7)).unwrap(), -7);
        assert_eq!(from_value::<u32>(&json!(7)).unwrap(), 7);
        assert_eq!(from_value::<f64>(&json!(2.5)).unwrap(), 2.5);
        assert_eq!(from_value::<Option<String>>(&json!(null)).unwrap(), None);
        assert_eq!(
            from_value::<Vec<Option<bool>>>(&json!([true, null])).unwrap(),
            vec![Some(true), None]
        );
        let any = json!({ "k": [1, { "n": null }], "s": "字" });
        assert_eq!(from_value::<Value>(&any).unwrap(), any);
    }
}
