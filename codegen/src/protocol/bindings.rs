//! How members are bound to the HTTP message, separate from the rest of a protocol because
//! two families share it: protocols whose body carries every member (awsJson), and those
//! that honour Smithy's HTTP-binding traits (restJson1, restXml), which differ only in how
//! body members are named.

use serde_json::Value;

use super::MemberBinding;
use crate::ir::{HttpBinding, TimestampFormat};
use crate::model::Member;

/// Which structure a member belongs to, as far as its HTTP-binding traits care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// A member of an operation's input: labels, query, headers and the payload apply.
    Request,
    /// A member of an operation's output or of an error: headers, the payload and the status
    /// code apply.
    Response,
    /// Anything else: a member of a body document, where binding traits mean nothing.
    Nested,
}

/// Where each member goes, and a timestamp's format when the member does not say.
pub trait MemberBindings: Sync {
    /// Where `member`, at `position`, goes.
    fn bind_member(&self, member: &Member, position: Position) -> MemberBinding;

    /// The format of a timestamp member without `@timestampFormat`, where it is bound.
    fn default_timestamp_format(&self, location: &HttpBinding) -> TimestampFormat;
}

/// Every member in the body under its own name; `@jsonName` and the HTTP-binding traits are
/// ignored (awsJson 1.0 and 1.1).
pub struct BodyOnly;

impl MemberBindings for BodyOnly {
    fn bind_member(&self, member: &Member, _position: Position) -> MemberBinding {
        MemberBinding {
            location: HttpBinding::Body,
            wire_name: member.name().to_string(),
        }
    }

    fn default_timestamp_format(&self, _location: &HttpBinding) -> TimestampFormat {
        TimestampFormat::EpochSeconds
    }
}

/// How a body member is named by an HTTP-binding protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyNames {
    /// `@jsonName`, else the member name (restJson1).
    JsonName,
}

/// Smithy's HTTP-binding traits (`@httpLabel`, `@httpQuery`, `@httpQueryParams`,
/// `@httpHeader`, `@httpPrefixHeaders`, `@httpPayload`, `@httpResponseCode`) on the members of
/// inputs, outputs and errors, where they apply (a label or query trait on an output member,
/// or a status code on an input member, is ignored); every other member goes in the body.
pub struct HttpTraits {
    pub body_names: BodyNames,
}

impl MemberBindings for HttpTraits {
    fn bind_member(&self, member: &Member, position: Position) -> MemberBinding {
        let traits = &member.traits;
        let text = |id: &str| traits.get(id).and_then(Value::as_str).map(str::to_string);
        let request = position == Position::Request;
        let response = position == Position::Response;
        let location = if position == Position::Nested {
            None
        } else if request && traits.has("smithy.api#httpLabel") {
            Some(HttpBinding::Label)
        } else if let Some(name) = text("smithy.api#httpQuery").filter(|_| request) {
            Some(HttpBinding::Query(name))
        } else if request && traits.has("smithy.api#httpQueryParams") {
            Some(HttpBinding::QueryParams)
        } else if let Some(name) = text("smithy.api#httpHeader") {
            Some(HttpBinding::Header(name))
        } else if let Some(prefix) = text("smithy.api#httpPrefixHeaders") {
            Some(HttpBinding::PrefixHeaders(prefix))
        } else if traits.has("smithy.api#httpPayload") {
            Some(HttpBinding::Payload)
        } else if response && traits.has("smithy.api#httpResponseCode") {
            Some(HttpBinding::ResponseCode)
        } else {
            None
        };
        let wire_name = match (&location, self.body_names) {
            (Some(HttpBinding::Query(name) | HttpBinding::Header(name)), _) => name.clone(),
            (_, BodyNames::JsonName) => {
                text("smithy.api#jsonName").unwrap_or_else(|| member.name().to_string())
            }
        };
        MemberBinding {
            location: location.unwrap_or(HttpBinding::Body),
            wire_name,
        }
    }

    fn default_timestamp_format(&self, location: &HttpBinding) -> TimestampFormat {
        match location {
            HttpBinding::Header(_) | HttpBinding::PrefixHeaders(_) => TimestampFormat::HttpDate,
            HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams => {
                TimestampFormat::DateTime
            }
            HttpBinding::Body | HttpBinding::Payload | HttpBinding::ResponseCode => {
                TimestampFormat::EpochSeconds
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ShapeId, ShapeKind};

    /// The members of `example#Input`, a structure whose members are given as JSON.
    fn members(members_json: &str) -> Vec<Member> {
        let text = format!(
            r#"{{ "smithy": "2.0", "shapes": {{ "example#Input": {{ "type": "structure", "members": {members_json} }} }} }}"#
        );
        let model = crate::model::load::load_str(std::path::Path::new("test.json"), &text)
            .expect("the test model loads");
        match &model.shapes[&ShapeId::new("example", "Input")].kind {
            ShapeKind::Structure { members } => members.values().cloned().collect(),
            _ => unreachable!("a structure"),
        }
    }

    const MEMBERS: &str = r#"{
        "id": { "target": "smithy.api#String", "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } },
        "filter": { "target": "smithy.api#String", "traits": { "smithy.api#httpQuery": "filter-by" } },
        "rest": { "target": "example#Params", "traits": { "smithy.api#httpQueryParams": {} } },
        "token": { "target": "smithy.api#String", "traits": { "smithy.api#httpHeader": "X-Token" } },
        "meta": { "target": "example#Params", "traits": { "smithy.api#httpPrefixHeaders": "X-Meta-" } },
        "status": { "target": "smithy.api#Integer", "traits": { "smithy.api#httpResponseCode": {} } },
        "renamed": { "target": "smithy.api#String", "traits": { "smithy.api#jsonName": "Renamed" } },
        "plain": { "target": "smithy.api#String" }
    }"#;

    #[test]
    fn http_traits_bind_top_level_members_and_json_names_the_body() {
        let bindings = HttpTraits {
            body_names: BodyNames::JsonName,
        };
        let bound: Vec<(HttpBinding, String)> = members(MEMBERS)
            .iter()
            .map(|member| {
                let position = if member.name() == "status" {
                    Position::Response
                } else {
                    Position::Request
                };
                let binding = bindings.bind_member(member, position);
                (binding.location, binding.wire_name)
            })
            .collect();
        assert_eq!(
            bound,
            [
                (HttpBinding::Label, "id".to_string()),
                (HttpBinding::Query("filter-by".into()), "filter-by".into()),
                (HttpBinding::QueryParams, "rest".into()),
                (HttpBinding::Header("X-Token".into()), "X-Token".into()),
                (HttpBinding::PrefixHeaders("X-Meta-".into()), "meta".into()),
                (HttpBinding::ResponseCode, "status".into()),
                (HttpBinding::Body, "Renamed".into()),
                (HttpBinding::Body, "plain".into()),
            ]
        );
    }

    #[test]
    fn request_traits_on_responses_and_status_on_requests_are_ignored() {
        let bindings = HttpTraits {
            body_names: BodyNames::JsonName,
        };
        for member in members(MEMBERS) {
            let in_response = bindings.bind_member(&member, Position::Response).location;
            let in_request = bindings.bind_member(&member, Position::Request).location;
            match member.name() {
                "id" | "filter" | "rest" => assert_eq!(in_response, HttpBinding::Body),
                "status" => assert_eq!(in_request, HttpBinding::Body),
                "token" | "meta" => assert_eq!(in_response, in_request),
                _ => {}
            }
        }
    }

    #[test]
    fn nested_members_are_always_in_the_body() {
        let bindings = HttpTraits {
            body_names: BodyNames::JsonName,
        };
        for member in members(MEMBERS) {
            assert_eq!(
                bindings.bind_member(&member, Position::Nested).location,
                HttpBinding::Body,
                "{}",
                member.name()
            );
        }
    }

    #[test]
    fn body_only_ignores_binding_traits_and_json_names() {
        for member in members(MEMBERS) {
            let binding = BodyOnly.bind_member(&member, Position::Request);
            assert_eq!(binding.location, HttpBinding::Body);
            assert_eq!(binding.wire_name, member.name());
        }
    }

    #[test]
    fn timestamps_default_by_where_they_are_bound() {
        let bindings = HttpTraits {
            body_names: BodyNames::JsonName,
        };
        let format = |location| bindings.default_timestamp_format(&location);
        assert_eq!(
            format(HttpBinding::Header("X".into())),
            TimestampFormat::HttpDate
        );
        assert_eq!(format(HttpBinding::Label), TimestampFormat::DateTime);
        assert_eq!(
            format(HttpBinding::Query("q".into())),
            TimestampFormat::DateTime
        );
        assert_eq!(format(HttpBinding::Body), TimestampFormat::EpochSeconds);
        assert_eq!(
            BodyOnly.default_timestamp_format(&HttpBinding::Header("X".into())),
            TimestampFormat::EpochSeconds
        );
    }
}
