//! Auth schemes: the ways each operation accepts to be authenticated, in priority order.
//!
//! The service's auth scheme traits (`aws.auth#sigv4`, `smithy.api#httpBearerAuth`,
//! `smithy.api#httpApiKeyAuth`, `smithy.api#httpBasicAuth`, and any other trait defined with
//! `smithy.api#authDefinition`) are the schemes it supports. An operation's effective list is
//! its own `smithy.api#auth` trait, else the service's, else every scheme of the service
//! sorted by shape id (the Smithy spec's order); an empty `smithy.api#auth` means no auth.
//! `@optionalAuth` keeps the list but lets the call go unauthenticated when the client has no
//! identity for any of them.
//!
//! Schemes the generator does not implement (`aws.auth#sigv4a`, `smithy.api#httpDigestAuth`,
//! custom ones) are left out of the list; an operation left with none of the schemes it
//! needs is an error, unless its auth is optional.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::{Model, Shape, Traits};

pub const SIGV4: &str = "aws.auth#sigv4";
pub const HTTP_BEARER_AUTH: &str = "smithy.api#httpBearerAuth";
pub const HTTP_API_KEY_AUTH: &str = "smithy.api#httpApiKeyAuth";
pub const HTTP_BASIC_AUTH: &str = "smithy.api#httpBasicAuth";
pub const AUTH: &str = "smithy.api#auth";
pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
const AUTH_DEFINITION: &str = "smithy.api#authDefinition";

/// Auth scheme traits whose definitions are not in the models the generator reads, and which
/// it does not implement.
const KNOWN_UNSUPPORTED: [&str; 2] = ["aws.auth#sigv4a", "smithy.api#httpDigestAuth"];

/// One auth scheme the generated client implements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthScheme {
    /// `aws.auth#sigv4`, with the signing name.
    SigV4 { name: String },
    /// `smithy.api#httpBearerAuth`.
    HttpBearer,
    /// `smithy.api#httpApiKeyAuth`.
    HttpApiKey {
        name: String,
        location: ApiKeyLocation,
        /// The scheme before the key in the header value, such as `ApiKey`.
        scheme: Option<String>,
    },
    /// `smithy.api#httpBasicAuth`.
    HttpBasic,
}

impl AuthScheme {
    /// The client configuration setting that holds the scheme's identity.
    pub fn setting(&self) -> &'static str {
        match self {
            AuthScheme::SigV4 { .. } => "credentials_provider",
            AuthScheme::HttpBearer => "bearer_token",
            AuthScheme::HttpApiKey { .. } => "api_key",
            AuthScheme::HttpBasic => "basic_auth_login",
        }
    }

    /// What the scheme is, for documentation: `HTTP bearer auth`, `an API key in header
    /// `X-Api-Key``, ...
    pub fn describe(&self) -> String {
        match self {
            AuthScheme::SigV4 { .. } => "SigV4".into(),
            AuthScheme::HttpBearer => "HTTP bearer auth".into(),
            AuthScheme::HttpApiKey { name, location, .. } => match location {
                ApiKeyLocation::Header => format!("an API key in header `{name}`"),
                ApiKeyLocation::Query => format!("an API key in query parameter `{name}`"),
            },
            AuthScheme::HttpBasic => "HTTP basic auth".into(),
        }
    }

    /// The shape id of the scheme's trait.
    pub fn trait_id(&self) -> &'static str {
        match self {
            AuthScheme::SigV4 { .. } => SIGV4,
            AuthScheme::HttpBearer => HTTP_BEARER_AUTH,
            AuthScheme::HttpApiKey { .. } => HTTP_API_KEY_AUTH,
            AuthScheme::HttpBasic => HTTP_BASIC_AUTH,
        }
    }
}

/// Where `smithy.api#httpApiKeyAuth` puts the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
}

/// The auth scheme traits of a service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceAuth {
    /// Every auth scheme trait applied to the service, implemented or not.
    applied: BTreeSet<String>,
    /// The implemented ones, by trait id.
    typed: BTreeMap<String, AuthScheme>,
    /// Implemented ones whose trait value is malformed (reported on the service).
    malformed: BTreeSet<String>,
    /// The operations' default list: the service's `smithy.api#auth`, else every applied
    /// scheme in shape id order.
    default: Vec<String>,
}

impl ServiceAuth {
    /// Every implemented scheme applied to the service, in shape id order.
    pub fn schemes(&self) -> impl Iterator<Item = &AuthScheme> {
        self.typed.values()
    }

    /// Whether the service has `aws.auth#sigv4`.
    pub fn has_sigv4(&self) -> bool {
        self.typed.contains_key(SIGV4)
    }
}

/// The effective auth of one operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationAuth {
    /// The implemented schemes it accepts, in priority order; empty means no auth.
    pub schemes: Vec<AuthScheme>,
    /// `@optionalAuth`: without an identity for any scheme, it is sent unauthenticated.
    pub optional: bool,
}

impl OperationAuth {
    /// Exactly SigV4, not optional: what every AWS operation without auth traits of its own
    /// has, and what the runtime does when told nothing.
    pub fn is_sigv4_only(&self) -> bool {
        !self.optional && matches!(self.schemes.as_slice(), [AuthScheme::SigV4 { .. }])
    }
}

/// The service's auth schemes, with the problems found in their traits. `signing_name` is the
/// SigV4 name the service uses (its `aws.auth#sigv4` name, or the fallback the IR chose).
pub fn service_auth(
    model: &Model,
    service: &Shape,
    signing_name: &str,
) -> (ServiceAuth, Vec<String>) {
    let mut problems = Vec::new();
    let mut auth = ServiceAuth::default();
    for (id, value) in service.traits.iter() {
        if !is_auth_scheme(model, id) {
            continue;
        }
        auth.applied.insert(id.clone());
        let typed = match id.as_str() {
            SIGV4 => Some(AuthScheme::SigV4 {
                name: signing_name.to_string(),
            }),
            HTTP_BEARER_AUTH => Some(AuthScheme::HttpBearer),
            HTTP_BASIC_AUTH => Some(AuthScheme::HttpBasic),
            HTTP_API_KEY_AUTH => match api_key(value) {
                Ok(scheme) => Some(scheme),
                Err(problem) => {
                    problems.push(format!("`{HTTP_API_KEY_AUTH}`: {problem}"));
                    auth.malformed.insert(id.clone());
                    None
                }
            },
            _ => None,
        };
        if let Some(typed) = typed {
            auth.typed.insert(id.clone(), typed);
        }
    }
    auth.default = match service.traits.get(AUTH) {
        Some(value) => match auth_list(value, &auth.applied, "the service") {
            Ok(list) => list,
            Err(problem) => {
                problems.push(problem);
                auth.applied.iter().cloned().collect()
            }
        },
        // `applied` is sorted: the spec's order when there is no `smithy.api#auth`.
        None => auth.applied.iter().cloned().collect(),
    };
    (auth, problems)
}

/// The effective auth of an operation with `traits` in a service with `service`'s schemes,
/// with the problems found.
pub fn operation_auth(service: &ServiceAuth, traits: &Traits) -> (OperationAuth, Vec<String>) {
    let mut problems = Vec::new();
    let ids = match traits.get(AUTH) {
        Some(value) => auth_list(value, &service.applied, "the operation's service")
            .unwrap_or_else(|problem| {
                problems.push(problem);
                Vec::new()
            }),
        None => service.default.clone(),
    };
    let optional = traits.has(OPTIONAL_AUTH);
    let schemes: Vec<AuthScheme> = ids
        .iter()
        .filter_map(|id| service.typed.get(id).cloned())
        .collect();
    // Schemes the generator does not implement; those whose trait is malformed are reported
    // on the service.
    let unsupported: Vec<String> = ids
        .iter()
        .filter(|id| !service.typed.contains_key(*id) && !service.malformed.contains(*id))
        .map(|id| format!("`{id}`"))
        .collect();
    if schemes.is_empty() && !unsupported.is_empty() && !optional {
        problems.push(format!(
            "the operation accepts only auth schemes the generator does not implement: {}",
            unsupported.join(", ")
        ));
    }
    (OperationAuth { schemes, optional }, problems)
}

/// Whether the trait `id` is an auth scheme: one the generator knows, or one whose definition
/// in the model has `smithy.api#authDefinition`.
fn is_auth_scheme(model: &Model, id: &str) -> bool {
    matches!(
        id,
        SIGV4 | HTTP_BEARER_AUTH | HTTP_API_KEY_AUTH | HTTP_BASIC_AUTH
    ) || KNOWN_UNSUPPORTED.contains(&id)
        || crate::model::ShapeId::parse(id)
            .ok()
            .and_then(|shape_id| model.shape(&shape_id))
            .is_some_and(|shape| shape.traits.has(AUTH_DEFINITION))
}

/// A `smithy.api#auth` value: unique ids of schemes applied to the service.
fn auth_list(
    value: &Value,
    applied: &BTreeSet<String>,
    owner: &str,
) -> Result<Vec<String>, String> {
    let Some(entries) = value.as_array() else {
        return Err(format!("`{AUTH}` must be a list of auth scheme shape ids"));
    };
    let mut list: Vec<String> = Vec::with_capacity(entries.len());
    for entry in entries {
        let Some(id) = entry.as_str() else {
            return Err(format!(
                "`{AUTH}` must be a list of auth scheme shape ids, not {entry}"
            ));
        };
        if !applied.contains(id) {
            return Err(format!(
                "`{AUTH}` lists `{id}`, which is not an auth scheme trait applied to {owner}"
            ));
        }
        if list.iter().any(|seen| seen == id) {
            return Err(format!("`{AUTH}` lists `{id}` twice"));
        }
        list.push(id.to_string());
    }
    Ok(list)
}

/// The `smithy.api#httpApiKeyAuth` value.
fn api_key(value: &Value) -> Result<AuthScheme, String> {
    let Some(object) = value.as_object() else {
        return Err("must be an object with `name` and `in`".into());
    };
    let name = match object.get("name") {
        Some(Value::String(name)) if !name.is_empty() => name.clone(),
        _ => return Err("`name` must be a non-empty string".into()),
    };
    let location = match object.get("in").and_then(Value::as_str) {
        Some("header") => ApiKeyLocation::Header,
        Some("query") => ApiKeyLocation::Query,
        _ => return Err("`in` must be `header` or `query`".into()),
    };
    let scheme = match object.get("scheme") {
        None => None,
        Some(Value::String(scheme)) if is_token(scheme) => Some(scheme.clone()),
        Some(_) => {
            return Err("`scheme` must be an HTTP auth scheme name (an RFC 9110 token)".into())
        }
    };
    if location == ApiKeyLocation::Query && scheme.is_some() {
        return Err("`scheme` can only be set when `in` is `header`".into());
    }
    if location == ApiKeyLocation::Header && !is_token(&name) {
        return Err(format!("`name` `{name}` is not a valid HTTP header name"));
    }
    Ok(AuthScheme::HttpApiKey {
        name,
        location,
        scheme,
    })
}

/// An RFC 9110 token: what a header name and an auth scheme name are made of.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A service with `service_traits` and one operation with `operation_traits` (JSON text of
    /// traits objects), plus extra `shapes` entries (each followed by a comma).
    fn model(service_traits: &str, operation_traits: &str, shapes: &str) -> Model {
        let text = format!(
            r#"{{
                "smithy": "2.0",
                "shapes": {{
                    {shapes}
                    "example#Service": {{
                        "type": "service",
                        "version": "1",
                        "operations": [{{ "target": "example#Op" }}],
                        "traits": {service_traits}
                    }},
                    "example#Op": {{ "type": "operation", "traits": {operation_traits} }}
                }}
            }}"#
        );
        crate::model::load::load_str(Path::new("test.json"), &text).unwrap()
    }

    fn resolve(service_traits: &str, operation_traits: &str) -> (OperationAuth, Vec<String>) {
        resolve_with(service_traits, operation_traits, "")
    }

    fn resolve_with(
        service_traits: &str,
        operation_traits: &str,
        shapes: &str,
    ) -> (OperationAuth, Vec<String>) {
        let model = model(service_traits, operation_traits, shapes);
        let service = &model.shapes[&crate::model::ShapeId::parse("example#Service").unwrap()];
        let op = &model.shapes[&crate::model::ShapeId::parse("example#Op").unwrap()];
        let (auth, mut problems) = service_auth(&model, service, "svc");
        let (op_auth, more) = operation_auth(&auth, &op.traits);
        problems.extend(more);
        (op_auth, problems)
    }

    fn sigv4() -> AuthScheme {
        AuthScheme::SigV4 { name: "svc".into() }
    }

    const ALL: &str = r#"{
        "smithy.api#httpBearerAuth": {},
        "smithy.api#httpBasicAuth": {},
        "smithy.api#httpApiKeyAuth": { "name": "X-Api-Key", "in": "header", "scheme": "ApiKey" },
        "aws.auth#sigv4": { "name": "svc" }
    }"#;

    #[test]
    fn without_auth_traits_every_scheme_in_shape_id_order() {
        let (auth, problems) = resolve(ALL, "{}");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            auth.schemes,
            [
                sigv4(),
                AuthScheme::HttpApiKey {
                    name: "X-Api-Key".into(),
                    location: ApiKeyLocation::Header,
                    scheme: Some("ApiKey".into()),
                },
                AuthScheme::HttpBasic,
                AuthScheme::HttpBearer,
            ]
        );
        assert!(!auth.optional);
        assert!(!auth.is_sigv4_only());
    }

    #[test]
    fn the_service_auth_trait_orders_and_the_operation_overrides() {
        let service = r#"{
            "smithy.api#httpBearerAuth": {},
            "smithy.api#httpBasicAuth": {},
            "smithy.api#auth": ["smithy.api#httpBearerAuth", "smithy.api#httpBasicAuth"]
        }"#;
        let (auth, problems) = resolve(service, "{}");
        assert!(problems.is_empty());
        assert_eq!(
            auth.schemes,
            [AuthScheme::HttpBearer, AuthScheme::HttpBasic]
        );

        let (auth, problems) = resolve(
            service,
            r#"{ "smithy.api#auth": ["smithy.api#httpBasicAuth"] }"#,
        );
        assert!(problems.is_empty());
        assert_eq!(auth.schemes, [AuthScheme::HttpBasic]);

        // The service's `smithy.api#auth` may leave schemes out; operations may still list them.
        let service = r#"{
            "smithy.api#httpBearerAuth": {},
            "smithy.api#httpBasicAuth": {},
            "smithy.api#auth": ["smithy.api#httpBearerAuth"]
        }"#;
        assert_eq!(resolve(service, "{}").0.schemes, [AuthScheme::HttpBearer]);
        let (auth, problems) = resolve(
            service,
            r#"{ "smithy.api#auth": ["smithy.api#httpBasicAuth"] }"#,
        );
        assert!(problems.is_empty());
        assert_eq!(auth.schemes, [AuthScheme::HttpBasic]);
    }

    #[test]
    fn an_empty_auth_list_is_no_auth_and_optional_auth_keeps_the_schemes() {
        let (auth, problems) = resolve(ALL, r#"{ "smithy.api#auth": [] }"#);
        assert!(problems.is_empty());
        assert!(auth.schemes.is_empty());
        assert!(!auth.optional);

        let service = r#"{ "aws.auth#sigv4": { "name": "svc" } }"#;
        let (auth, _) = resolve(service, "{}");
        assert!(auth.is_sigv4_only());
        let (auth, _) = resolve(service, r#"{ "smithy.api#optionalAuth": {} }"#);
        assert_eq!(auth.schemes, [sigv4()]);
        assert!(auth.optional);
        assert!(!auth.is_sigv4_only());
        // SSO's GetRoleCredentials: both.
        let (auth, problems) = resolve(
            service,
            r#"{ "smithy.api#optionalAuth": {}, "smithy.api#auth": [] }"#,
        );
        assert!(problems.is_empty());
        assert_eq!(
            auth,
            OperationAuth {
                schemes: vec![],
                optional: true
            }
        );
        // No auth traits anywhere: no auth.
        let (auth, problems) = resolve("{}", "{}");
        assert!(problems.is_empty());
        assert!(auth.schemes.is_empty());
    }

    #[test]
    fn api_key_in_query_and_header_without_scheme() {
        let (auth, problems) = resolve(
            r#"{ "smithy.api#httpApiKeyAuth": { "name": "api_key", "in": "query" } }"#,
            "{}",
        );
        assert!(problems.is_empty());
        assert_eq!(
            auth.schemes,
            [AuthScheme::HttpApiKey {
                name: "api_key".into(),
                location: ApiKeyLocation::Query,
                scheme: None
            }]
        );
        let (auth, _) = resolve(
            r#"{ "smithy.api#httpApiKeyAuth": { "name": "x-key", "in": "header" } }"#,
            "{}",
        );
        assert!(matches!(
            &auth.schemes[..],
            [AuthScheme::HttpApiKey {
                scheme: None,
                location: ApiKeyLocation::Header,
                ..
            }]
        ));
    }

    #[test]
    fn unsupported_schemes_are_left_out_or_reported() {
        let service = r#"{
            "aws.auth#sigv4a": { "name": "svc" },
            "aws.auth#sigv4": { "name": "svc" },
            "smithy.api#httpDigestAuth": {},
            "smithy.api#auth": ["aws.auth#sigv4a", "aws.auth#sigv4"]
        }"#;
        let (auth, problems) = resolve(service, "{}");
        assert!(problems.is_empty());
        assert_eq!(auth.schemes, [sigv4()]);

        let (_, problems) = resolve(
            service,
            r#"{ "smithy.api#auth": ["smithy.api#httpDigestAuth", "aws.auth#sigv4a"] }"#,
        );
        assert_eq!(
            problems,
            ["the operation accepts only auth schemes the generator does not implement: `smithy.api#httpDigestAuth`, `aws.auth#sigv4a`"]
        );
        // Optional: it goes unauthenticated.
        let (auth, problems) = resolve(
            service,
            r#"{ "smithy.api#auth": ["smithy.api#httpDigestAuth"], "smithy.api#optionalAuth": {} }"#,
        );
        assert!(problems.is_empty());
        assert!(auth.schemes.is_empty() && auth.optional);

        // A custom scheme, defined with `smithy.api#authDefinition`, is an auth scheme too.
        let custom = r#"
            "example#customAuth": {
                "type": "structure",
                "members": {},
                "traits": { "smithy.api#trait": {}, "smithy.api#authDefinition": {} }
            },"#;
        let (_, problems) = resolve_with(r#"{ "example#customAuth": {} }"#, "{}", custom);
        assert_eq!(
            problems,
            ["the operation accepts only auth schemes the generator does not implement: `example#customAuth`"]
        );
    }

    #[test]
    fn malformed_traits_are_reported() {
        for (service, operation, expected) in [
            (
                r#"{ "smithy.api#httpBearerAuth": {} }"#,
                r#"{ "smithy.api#auth": ["smithy.api#httpBasicAuth"] }"#,
                "`smithy.api#auth` lists `smithy.api#httpBasicAuth`, which is not an auth scheme trait applied to the operation's service",
            ),
            (
                r#"{ "smithy.api#httpBearerAuth": {}, "smithy.api#auth": ["smithy.api#httpBearerAuth", "smithy.api#httpBearerAuth"] }"#,
                "{}",
                "`smithy.api#auth` lists `smithy.api#httpBearerAuth` twice",
            ),
            (
                r#"{ "smithy.api#httpBearerAuth": {} }"#,
                r#"{ "smithy.api#auth": "smithy.api#httpBearerAuth" }"#,
                "`smithy.api#auth` must be a list of auth scheme shape ids",
            ),
            (
                r#"{ "smithy.api#httpBearerAuth": {}, "smithy.api#auth": [1] }"#,
                "{}",
                "`smithy.api#auth` must be a list of auth scheme shape ids, not 1",
            ),
            (
                r#"{ "smithy.api#httpBearerAuth": {}, "smithy.api#auth": ["example#nothing"] }"#,
                "{}",
                "`smithy.api#auth` lists `example#nothing`, which is not an auth scheme trait applied to the service",
            ),
            (
                r#"{ "smithy.api#httpApiKeyAuth": { "in": "header" } }"#,
                "{}",
                "`smithy.api#httpApiKeyAuth`: `name` must be a non-empty string",
            ),
            (
                r#"{ "smithy.api#httpApiKeyAuth": { "name": "k", "in": "body" } }"#,
                "{}",
                "`smithy.api#httpApiKeyAuth`: `in` must be `header` or `query`",
            ),
            (
                r#"{ "smithy.api#httpApiKeyAuth": { "name": "k", "in": "query", "scheme": "ApiKey" } }"#,
                "{}",
                "`smithy.api#httpApiKeyAuth`: `scheme` can only be set when `in` is `header`",
            ),
            (
                r#"{ "smithy.api#httpApiKeyAuth": { "name": "k", "in": "header", "scheme": "Api Key" } }"#,
                "{}",
                "`smithy.api#httpApiKeyAuth`: `scheme` must be an HTTP auth scheme name (an RFC 9110 token)",
            ),
            (
                r#"{ "smithy.api#httpApiKeyAuth": { "name": "X Key", "in": "header" } }"#,
                "{}",
                "`smithy.api#httpApiKeyAuth`: `name` `X Key` is not a valid HTTP header name",
            ),
            (
                r#"{ "smithy.api#httpApiKeyAuth": "X-Api-Key" }"#,
                "{}",
                "`smithy.api#httpApiKeyAuth`: must be an object with `name` and `in`",
            ),
        ] {
            let (_, problems) = resolve(service, operation);
            assert_eq!(problems, [expected], "{service} {operation}");
        }
    }

    #[test]
    fn service_schemes_and_sigv4() {
        let model = model(ALL, "{}", "");
        let service = &model.shapes[&crate::model::ShapeId::parse("example#Service").unwrap()];
        let (auth, _) = service_auth(&model, service, "svc");
        assert!(auth.has_sigv4());
        let ids: Vec<&str> = auth.schemes().map(AuthScheme::trait_id).collect();
        let settings: Vec<&str> = auth.schemes().map(AuthScheme::setting).collect();
        assert_eq!(
            settings,
            [
                "credentials_provider",
                "api_key",
                "basic_auth_login",
                "bearer_token"
            ]
        );
        let described: Vec<String> = auth.schemes().map(AuthScheme::describe).collect();
        assert_eq!(
            described,
            [
                "SigV4",
                "an API key in header `X-Api-Key`",
                "HTTP basic auth",
                "HTTP bearer auth"
            ]
        );
        assert_eq!(
            ids,
            [SIGV4, HTTP_API_KEY_AUTH, HTTP_BASIC_AUTH, HTTP_BEARER_AUTH]
        );
        let model = crate::model::Model::default();
        let empty = Shape {
            id: crate::model::ShapeId::parse("example#S").unwrap(),
            kind: crate::model::ShapeKind::Structure {
                members: Default::default(),
            },
            traits: Traits::default(),
        };
        assert!(!service_auth(&model, &empty, "s").0.has_sigv4());
    }
}
