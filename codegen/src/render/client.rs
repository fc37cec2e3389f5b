//! The working client: `Client`, its `config` module, each operation's fluent builder and
//! request pipeline, and the awsJson request/response functions per operation. Everything
//! shared (signing, retries, HTTP) lives in the runtime; this emits only what differs per
//! service and operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, path, plain_doc, type_tokens};
use crate::ir::{CrateDef, FieldDef, OperationDef, RustType};
use crate::partitions::PartitionFacts;
use crate::protocol::OutputEntry;

pub fn client_rs(def: &CrateDef) -> TokenStream {
    let signing_name = &def.service.signing_name;
    let sdk_id = &def.service.sdk_id;
    let version = &def.settings.version;
    let methods = def.operations.iter().map(|op| {
        let method = ident(&op.symbol.fn_name);
        let fluent = path(&op.fluent_builder_path());
        let docs = doc_attrs(op.docs.as_deref(), &format!("Calls the `{}` operation.", op.id.name()));
        let usage = plain_doc(&[
            String::new(),
            format!("Set the input with the builder's methods, then call [`send`]({fluent_text}::send).", fluent_text = fluent.to_string().replace(' ', "")),
        ]);
        let discovery = op.required_endpoint_discovery.as_ref().map(|discovery| {
            plain_doc(&[
                String::new(),
                format!(
                    "**Endpoint discovery:** the service wants this operation sent to an endpoint that `{discovery}` returns, and this client does not discover endpoints. Call `{discovery}` yourself and set [`endpoint_url`](crate::config::Builder::endpoint_url) to `https://` and one of the addresses it returns; without an endpoint URL, `send` fails without sending anything."
                ),
            ])
        });
        let auth = auth_doc(op);
        quote! {
            #docs
            #usage
            #discovery
            #auth
            pub fn #method(&self) -> #fluent {
                #fluent::new(self.handle.clone())
            }
        }
    });
    quote! {
        //! The client: one method per operation.

        const SERVICE: ::smithy_runtime::client::ServiceInfo =
            ::smithy_runtime::client::ServiceInfo::new(#signing_name, #sdk_id).with_version(#version);

        /// A client for the service. Cheap to clone: clones share configuration, connections,
        /// credentials and the retry quota.
        ///
        /// Build one with [`Client::from_conf`], or with `Client::new` from an `SdkConfig`
        /// loaded by `aws-config` (feature `sdk-config`).
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: ::smithy_runtime::client::Handle,
        }

        impl Client {
            /// Creates a client from a service configuration.
            pub fn from_conf(conf: crate::Config) -> Self {
                Self {
                    handle: ::smithy_runtime::client::Handle::new(conf, SERVICE),
                }
            }

            /// Creates a client from the shared configuration `aws-config` loads: region,
            /// credentials, endpoint URL, FIPS and dual-stack settings, retries and timeouts.
            #[cfg(feature = "sdk-config")]
            pub fn new(sdk_config: &::aws_types::SdkConfig) -> Self {
                Self::from_conf(crate::Config::from(sdk_config))
            }

            /// The client's configuration.
            pub fn config(&self) -> &crate::Config {
                self.handle.config()
            }

            #(#methods)*
        }
    }
}

/// The operation's auth, when it is not exactly SigV4 (what every AWS operation has).
fn auth_doc(op: &OperationDef) -> Option<TokenStream> {
    let auth = &op.auth;
    if auth.is_sigv4_only() {
        return None;
    }
    let text = if auth.schemes.is_empty() {
        "**Auth:** none; the request carries no credentials.".to_string()
    } else {
        let schemes: Vec<String> = auth
            .schemes
            .iter()
            .map(|scheme| {
                let setting = scheme.setting();
                format!(
                    "{} ([`{setting}`](crate::config::Builder::{setting}))",
                    scheme.describe()
                )
            })
            .collect();
        let (schemes, any) = match schemes.as_slice() {
            [one] => (one.clone(), "it"),
            _ => (
                format!(
                    "the first of these the configuration has an identity for: {}",
                    schemes.join(", ")
                ),
                "any",
            ),
        };
        let fallback = if auth.optional {
            "it is sent unauthenticated"
        } else {
            "`send` fails without sending anything"
        };
        format!("**Auth:** {schemes}; without an identity for {any}, {fallback}.")
    };
    Some(plain_doc(&[String::new(), text]))
}

pub fn config_rs(def: &CrateDef) -> TokenStream {
    let mut names = vec![
        "AsyncSleep",
        "BehaviorVersion",
        "Builder",
        "Config",
        "HttpClient",
        "Region",
        "SharedAsyncSleep",
        "SharedHttpClient",
        "Sleep",
    ];
    let auth = &def.service.auth;
    if auth.has_sigv4() {
        names.extend([
            "Credentials",
            "ProvideCredentials",
            "SharedCredentialsProvider",
        ]);
    }
    // The identities of the HTTP auth schemes: a token for bearer and API key auth, a login
    // for basic auth.
    use crate::auth::AuthScheme;
    if auth.schemes().any(|scheme| {
        matches!(
            scheme,
            AuthScheme::HttpBearer | AuthScheme::HttpApiKey { .. }
        )
    }) {
        names.push("Token");
    }
    // Tokens that expire and are renewed: the provider trait and its shared form.
    if auth
        .schemes()
        .any(|scheme| *scheme == AuthScheme::HttpBearer)
    {
        names.extend(["ProvideToken", "SharedTokenProvider"]);
    }
    if auth
        .schemes()
        .any(|scheme| *scheme == AuthScheme::HttpBasic)
    {
        names.push("Login");
    }
    names.sort_unstable();
    let names = names.into_iter().map(ident);
    quote! {
        //! Configuration for the [`Client`](crate::Client): region, credentials, endpoint,
        //! retries, timeouts and the HTTP client.

        pub use ::smithy_runtime::config::{#(#names),*};

        /// Retry settings.
        pub mod retry {
            pub use ::smithy_runtime::retry::{ReconnectMode, RetryConfig, RetryConfigBuilder, RetryMode};
        }

        /// Timeout settings.
        pub mod timeout {
            pub use ::smithy_runtime::config::timeout::{TimeoutConfig, TimeoutConfigBuilder};
        }

        pub mod endpoint;
    }
}

/// The operation's request pipeline and error-enum trait impls, appended to its module.
pub fn operation_items(def: &CrateDef, op: &OperationDef) -> TokenStream {
    let protocol = crate::protocol::of(def);
    let error = ident(&op.symbol.error_name);
    let input = ident(&op.input.name);
    let output = ident(&op.output.name);
    let serde_module = path(&op.symbol.serde_module_path);
    let kind_arms: Vec<TokenStream> = op
        .errors
        .iter()
        .filter_map(|error_ref| {
            let variant = ident(&error_ref.variant);
            let kind = match error_ref.retryable? {
                true => quote!(ThrottlingError),
                false => quote!(TransientError),
            };
            Some(quote!(Self::#variant(_) => Some(::smithy_runtime::retry::ErrorKind::#kind),))
        })
        .collect();
    let retryable_kind = if kind_arms.is_empty() {
        quote!(None)
    } else {
        quote! {
            #[allow(deprecated)]
            match self {
                #(#kind_arms)*
                _ => None,
            }
        }
    };
    let request_fn = super::request::request_fn(protocol.as_ref(), def, op);
    let create_unhandled = super::operation::create_unhandled_impl(&error);
    let call = match protocol.output_entry(op) {
        OutputEntry::Buffered => quote!(handle.call(input, request, #serde_module::de_response)),
        OutputEntry::Streamed => {
            quote!(handle.call_streaming(input, request, #serde_module::de_stream_output, #serde_module::de_error_response))
        }
        OutputEntry::AfterInitialResponse => {
            let Some(events) = op.output.event_stream() else {
                unreachable!("an initial-response comes only with an event stream")
            };
            let unmarshaller = crate::protocol::unmarshaller(events);
            quote!(handle.call_with_initial_response(input, request, #unmarshaller, #serde_module::de_initial_response, #serde_module::de_error_response))
        }
    };
    quote! {
        /// Sends the operation: `input` (or the error building it) in, the parsed output or
        /// error out, once the future is awaited.
        pub(crate) fn orchestrate(
            handle: ::smithy_runtime::client::Handle,
            input: Result<#input, crate::error::BuildError>,
        ) -> impl ::std::future::Future<
            Output = Result<#output, crate::error::SdkError<#error>>,
        > {
            #call
        }

        #request_fn

        impl ::smithy_runtime::retry::ProvideErrorKind for #error {
            fn retryable_error_kind(&self) -> Option<::smithy_runtime::retry::ErrorKind> {
                #retryable_kind
            }
            fn code(&self) -> Option<&str> {
                crate::error::ProvideErrorMetadata::code(self)
            }
        }

        #create_unhandled
    }
}

/// The fluent builder `client.<operation>()` returns, appended to the operation's `builders`.
pub fn fluent_builder(op: &OperationDef) -> TokenStream {
    let name = ident(&op.symbol.fluent_builder_name);
    let input_builder = path(&op.input.builder_path());
    let output_path = path(&op.output.path());
    let error_path = path(&op.error_path());
    let orchestrate = path(&op.symbol.item_path("orchestrate"));
    let doc = plain_doc(&[
        format!("Builds and sends a `{}` request.", op.id.name()),
        String::new(),
        "Set the members of the input, then call [`send`](Self::send).".into(),
    ]);
    let setters = op.input.fields.iter().map(fluent_setters);
    // An input stream is read once, so a request with one cannot be copied.
    let derive_clone = (!op.input.streams()).then(|| quote!(Clone,));
    quote! {
        #doc
        #[derive(#derive_clone Debug)]
        pub struct #name {
            handle: ::smithy_runtime::client::Handle,
            inner: #input_builder,
        }

        impl #name {
            pub(crate) fn new(handle: ::smithy_runtime::client::Handle) -> Self {
                Self {
                    handle,
                    inner: Default::default(),
                }
            }

            /// The input built so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }

            /// Sends the request: serializes the input, resolves the endpoint, signs, sends,
            /// retries what may be retried, and parses the output or the error.
            ///
            /// Nothing happens until the returned future is awaited. It owns everything it
            /// needs, so it can also be spawned onto another task.
            pub fn send(self) -> impl ::std::future::Future<
                Output = Result<#output_path, crate::error::SdkError<#error_path>>,
            > {
                #orchestrate(self.handle, self.inner.build())
            }

            #(#setters)*
        }
    }
}

pub(crate) fn fluent_setters(field: &FieldDef) -> TokenStream {
    let docs = doc_attrs(
        field.docs.as_deref(),
        &format!("The `{}` member.", field.member),
    );
    let name = ident(&field.name);
    let setter = ident(&field.setter);
    let getter = ident(&field.builder_getter);
    let value_ty = type_tokens(&field.ty);
    let deprecated = field.deprecated.as_ref().map(|_| quote!(#[deprecated]));
    let operator_allow = super::structure::operator_name_allow(&field.name);
    let deprecated = quote!(#deprecated #operator_allow);
    let fluent = match &field.ty {
        RustType::Vec(element) => {
            let (param, _) = param_type(element);
            quote! {
                #docs
                #deprecated
                pub fn #name(mut self, input: #param) -> Self {
                    self.inner = self.inner.#name(input);
                    self
                }
            }
        }
        RustType::Map(key, value) => {
            let (key_param, _) = param_type(key);
            let (value_param, _) = param_type(value);
            quote! {
                #docs
                #deprecated
                pub fn #name(mut self, k: #key_param, v: #value_param) -> Self {
                    self.inner = self.inner.#name(k, v);
                    self
                }
            }
        }
        RustType::Named {
            boxed: true,
            path: p,
            ..
        } => {
            let p = path(p);
            quote! {
                #docs
                #deprecated
                pub fn #name(mut self, input: #p) -> Self {
                    self.inner = self.inner.#name(input);
                    self
                }
            }
        }
        ty => {
            let (param, _) = param_type(ty);
            quote! {
                #docs
                #deprecated
                pub fn #name(mut self, input: #param) -> Self {
                    self.inner = self.inner.#name(input);
                    self
                }
            }
        }
    };
    quote! {
        #fluent
        #docs
        #deprecated
        pub fn #setter(mut self, input: Option<#value_ty>) -> Self {
            self.inner.#name = input;
            self
        }
        #docs
        #deprecated
        pub fn #getter(&self) -> &Option<#value_ty> {
            &self.inner.#name
        }
    }
}

fn param_type(ty: &RustType) -> (TokenStream, ()) {
    match ty {
        RustType::String => (quote!(impl Into<String>), ()),
        other => (type_tokens(other), ()),
    }
}

/// `src/config/endpoint.rs`: the resolver compiled from the service's rule set, the glue that
/// fills its parameters from the client configuration, and one test per endpoint test case.
/// A rule set that calls `aws.partition` gets the partition table from `partitions`.
pub fn endpoint_rs(def: &CrateDef, partitions: &PartitionFacts) -> TokenStream {
    let Some(rules) = &def.service.endpoint_rules else {
        return quote! {
            //! Endpoint resolution. The service has no endpoint rules, so the client needs an
            //! explicit `endpoint_url`.

            /// Resolves the endpoint for a request from the client's configuration.
            pub(crate) fn resolve(
                config: &crate::Config,
            ) -> Result<::smithy_runtime::endpoint::Endpoint, crate::error::BoxError> {
                match config.endpoint_url() {
                    Some(url) => Ok(
                        ::smithy_runtime::endpoint::Endpoint::builder().url(url).build(),
                    ),
                    None => Err(
                        "the service model has no endpoint rules: set `endpoint_url` in the client configuration".into(),
                    ),
                }
            }
        };
    };
    let resolver = crate::endpoints::render_resolver(rules, partitions);
    let builtins = rules.params().iter().filter_map(|param| {
        let setter = &param.set_method;
        let value = match param.built_in.as_deref()? {
            "AWS::Region" => quote!(config.region().map(|region| region.as_ref().to_string())),
            "AWS::UseFIPS" => quote!(Some(config.use_fips())),
            "AWS::UseDualStack" => quote!(Some(config.use_dual_stack())),
            "SDK::Endpoint" => quote!(config
                .endpoint_url()
                .map(::std::string::ToString::to_string)),
            _ => return None,
        };
        Some(quote!(.#setter(#value)))
    });
    let tests = def.service.endpoint_tests.as_deref().map(|cases| {
        let tests = crate::endpoints::render_tests(cases);
        quote! {
            #[cfg(test)]
            mod tests {
                #tests
            }
        }
    });
    quote! {
        //! Endpoint resolution, compiled from the service's endpoint rules.

        #resolver

        /// Resolves the endpoint for a request from the client's configuration.
        pub(crate) fn resolve(
            config: &crate::Config,
        ) -> Result<::smithy_runtime::endpoint::Endpoint, crate::error::BoxError> {
            let params = Params::builder()
                #(#builtins)*
                .build()?;
            Ok(resolve_endpoint(&params)?)
        }

        #tests
    }
}
