//! The working client: `Client`, its `config` module, each operation's fluent builder and
//! request pipeline, and the awsJson request/response functions per operation. Everything
//! shared (signing, retries, HTTP) lives in the runtime; this emits only what differs per
//! service and operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::protocol_serde::{de_members, error_correction, finish_result, ser_members};
use super::{doc_attrs, ident, path, plain_doc, type_tokens};
use crate::ir::{CrateDef, ErrorRef, FieldDef, OperationDef, RustType};
use crate::naming;
use crate::normalize::Protocol;
use crate::partitions::PartitionFacts;

fn content_type(def: &CrateDef) -> &'static str {
    match def.service.protocol {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
    }
}

pub fn client_rs(def: &CrateDef) -> TokenStream {
    let signing_name = &def.service.signing_name;
    let sdk_id = &def.service.sdk_id;
    let version = &def.settings.version;
    let methods = def.operations.iter().map(|op| {
        let method = ident(&op.fn_name);
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
        quote! {
            #docs
            #usage
            #discovery
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
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
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

pub fn config_rs() -> TokenStream {
    quote! {
        //! Configuration for the [`Client`](crate::Client): region, credentials, endpoint,
        //! retries, timeouts and the HTTP client.

        pub use ::smithy_runtime::config::{
            AsyncSleep, BehaviorVersion, Builder, Config, Credentials, HttpClient,
            ProvideCredentials, Region, SharedAsyncSleep, SharedCredentialsProvider,
            SharedHttpClient, Sleep,
        };

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
    let error = ident(&op.error_name);
    let input = ident(&op.input.name);
    let output = ident(&op.output.name);
    let op_module = ident(&naming::operation_serde_module_name(op.id.name()));
    let wire_name = op.id.name();
    let target = format!("{}.{}", def.service.id.name(), op.id.name());
    let content_type = content_type(def);
    let kind_arms = op.errors.iter().filter_map(|error_ref| {
        let variant = ident(&error_ref.variant);
        let kind = match error_ref.retryable? {
            true => quote!(ThrottlingError),
            false => quote!(TransientError),
        };
        Some(quote!(Self::#variant(_) => ::std::option::Option::Some(::smithy_runtime::retry::ErrorKind::#kind),))
    });
    let tokens: Vec<_> = op
        .input
        .fields
        .iter()
        .filter(|field| field.idempotency_token && matches!(field.ty, RustType::String))
        .map(|field| ident(&field.name))
        .collect();
    let (input_binding, fill_tokens) = if tokens.is_empty() {
        (quote!(input), quote!())
    } else {
        (
            quote!(mut input),
            quote! {
                #(
                    if input.#tokens.is_none() {
                        input.#tokens = ::std::option::Option::Some(::smithy_runtime::client::uuid_v4());
                    }
                )*
            },
        )
    };
    let host_prefix = op.host_prefix.as_ref().map(|template| {
        let labels = op
            .input
            .fields
            .iter()
            .filter(|field| field.host_label && matches!(field.ty, RustType::String))
            .map(|field| {
                let (name, member) = (ident(&field.name), &field.member);
                quote!((#member, input.#name.as_deref()))
            });
        quote!(.host_prefix(#template, &[#(#labels),*]))
    });
    let query_mode = def
        .service
        .query_compatible
        .then(|| quote!(.static_header("x-amzn-query-mode", "true")));
    let gzip = (!op.request_compression.is_empty()).then(|| quote!(.gzip()));
    let kind_arms: Vec<TokenStream> = kind_arms.collect();
    let retryable_kind = if kind_arms.is_empty() {
        quote!(::std::option::Option::None)
    } else {
        quote! {
            #[allow(deprecated)]
            match self {
                #(#kind_arms)*
                _ => ::std::option::Option::None,
            }
        }
    };
    let discovery_check = op.required_endpoint_discovery.as_ref().map(|discovery| {
        let message = format!(
            "operation `{}` requires endpoint discovery (`aws.api#clientDiscoveredEndpoint`), which this client does not support: call `{discovery}` and set `endpoint_url` to `https://` and an address it returns",
            op.id.name()
        );
        quote! {
            if handle.config().endpoint_url().is_none() {
                return ::std::result::Result::Err(#message.into());
            }
        }
    });
    quote! {
        /// Sends the operation: `input` (or the error building it) in, the parsed output or
        /// error out, once the future is awaited.
        pub(crate) fn orchestrate(
            handle: ::smithy_runtime::client::Handle,
            input: ::std::result::Result<#input, crate::error::BuildError>,
        ) -> impl ::std::future::Future<
            Output = ::std::result::Result<#output, crate::error::SdkError<#error>>,
        > {
            handle.call(input, request, crate::protocol_serde::#op_module::de_response)
        }

        fn request(
            handle: &::smithy_runtime::client::Handle,
            #input_binding: #input,
        ) -> ::std::result::Result<::smithy_runtime::client::OperationRequest, crate::error::BoxError> {
            #discovery_check
            #fill_tokens
            let body = crate::protocol_serde::#op_module::ser_input(&input)?;
            let endpoint = crate::config::endpoint::resolve(handle.config())?;
            ::std::result::Result::Ok(
                ::smithy_runtime::client::OperationRequest::from_endpoint(#wire_name, &endpoint)
                    .static_header("content-type", #content_type)
                    .static_header("x-amz-target", #target)
                    #query_mode
                    #host_prefix
                    #gzip
                    .body(body),
            )
        }

        impl ::smithy_runtime::retry::ProvideErrorKind for #error {
            fn retryable_error_kind(&self) -> ::std::option::Option<::smithy_runtime::retry::ErrorKind> {
                #retryable_kind
            }
            fn code(&self) -> ::std::option::Option<&str> {
                crate::error::ProvideErrorMetadata::code(self)
            }
        }

        impl ::smithy_runtime::error::CreateUnhandledError for #error {
            fn create_unhandled_error(
                source: crate::error::BoxError,
                meta: ::std::option::Option<crate::error::ErrorMetadata>,
            ) -> Self {
                #[allow(deprecated)]
                Self::Unhandled(
                    crate::error::sealed_unhandled::Unhandled::new(source)
                        .with_meta(meta.unwrap_or_default()),
                )
            }
        }
    }
}

/// The fluent builder `client.<operation>()` returns, appended to the operation's `builders`.
pub fn fluent_builder(op: &OperationDef) -> TokenStream {
    let name = ident(&op.fluent_builder_name);
    let input_builder = ident(&op.input.builder_name());
    let output_path = path(&op.output.path());
    let error_path = path(&op.error_path());
    let module = ident(&op.module);
    let doc = plain_doc(&[
        format!("Builds and sends a `{}` request.", op.id.name()),
        String::new(),
        "Set the members of the input, then call [`send`](Self::send).".into(),
    ]);
    let setters = op.input.fields.iter().map(fluent_setters);
    quote! {
        #doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #name {
            handle: ::smithy_runtime::client::Handle,
            inner: crate::operation::#module::builders::#input_builder,
        }

        impl #name {
            pub(crate) fn new(handle: ::smithy_runtime::client::Handle) -> Self {
                Self {
                    handle,
                    inner: ::std::default::Default::default(),
                }
            }

            /// The input built so far.
            pub fn as_input(&self) -> &crate::operation::#module::builders::#input_builder {
                &self.inner
            }

            /// Sends the request: serializes the input, resolves the endpoint, signs, sends,
            /// retries what may be retried, and parses the output or the error.
            ///
            /// Nothing happens until the returned future is awaited. It owns everything it
            /// needs, so it can also be spawned onto another task.
            pub fn send(self) -> impl ::std::future::Future<
                Output = ::std::result::Result<#output_path, crate::error::SdkError<#error_path>>,
            > {
                crate::operation::#module::orchestrate(self.handle, self.inner.build())
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
        pub fn #setter(mut self, input: ::std::option::Option<#value_ty>) -> Self {
            self.inner.#name = input;
            self
        }
        #docs
        #deprecated
        pub fn #getter(&self) -> &::std::option::Option<#value_ty> {
            &self.inner.#name
        }
    }
}

fn param_type(ty: &RustType) -> (TokenStream, ()) {
    match ty {
        RustType::String => (quote!(impl ::std::convert::Into<::std::string::String>), ()),
        other => (type_tokens(other), ()),
    }
}

/// `src/protocol_serde/op_<operation>.rs`: the request body and the response parser.
pub fn operation_serde(def: &CrateDef, op: &OperationDef) -> TokenStream {
    let input_path = path(&op.input.path());
    let output_path = path(&op.output.path());
    let error_path = path(&op.error_path());
    let json = quote!(::smithy_runtime::json);
    let input_name = if op.input.fields.is_empty() {
        quote!(_input)
    } else {
        quote!(input)
    };
    let object_decl = if op.input.fields.is_empty() {
        quote!(let object = #json::object(&mut out);)
    } else {
        quote!(let mut object = #json::object(&mut out);)
    };
    let ser = ser_members(&op.input);
    let members = de_members(&op.output);
    let correct = error_correction(&op.output);
    let build = finish_result(&op.output);
    let entries_decl = if op.output.fields.is_empty() {
        quote!(#json::de::object(&value)?;)
    } else {
        quote!(let entries = #json::de::into_object(value)?.unwrap_or_default();)
    };
    let error_arms = op.errors.iter().map(|error| error_arm(error, &error_path));
    // awsQueryCompatible: the modeled error is picked by its awsJson code, and the metadata
    // then carries the awsQuery code from `x-amzn-query-error`.
    let (meta_decl, code) = if def.service.query_compatible {
        (
            quote! {
                let meta = ::smithy_runtime::protocol::aws_json::parse_error_metadata(status, headers, body).build();
                let code = meta.code().map(::std::string::ToString::to_string);
                let meta = ::smithy_runtime::protocol::aws_json::apply_query_error(meta.into_builder(), headers).build();
            },
            quote!(code.as_deref()),
        )
    } else {
        (
            quote! {
                let meta = ::smithy_runtime::protocol::aws_json::parse_error_metadata(status, headers, body).build();
            },
            quote!(meta.code()),
        )
    };
    let error_arms: Vec<TokenStream> = error_arms.collect();
    let de_error_body = if error_arms.is_empty() {
        let query_error = def.service.query_compatible.then(|| {
            quote!(let meta = ::smithy_runtime::protocol::aws_json::apply_query_error(meta.into_builder(), headers).build();)
        });
        quote! {
            let meta = ::smithy_runtime::protocol::aws_json::parse_error_metadata(status, headers, body).build();
            #query_error
            #error_path::generic(meta)
        }
    } else {
        quote! {
            #meta_decl
            match #code {
                #(#error_arms)*
                _ => #error_path::generic(meta),
            }
        }
    };
    quote! {
        /// The JSON body of the request.
        pub(crate) fn ser_input(#input_name: &#input_path) -> ::std::result::Result<::std::string::String, crate::error::BuildError> {
            let mut out = ::std::string::String::new();
            #object_decl
            #ser
            object.finish();
            ::std::result::Result::Ok(out)
        }

        /// Parses a response: the output on success, the modeled or unhandled error otherwise.
        // The error is as large as the operation's error enum, which the runtime's signature takes
        // by value.
        #[allow(clippy::result_large_err)]
        pub(crate) fn de_response(
            response: &::smithy_runtime::transport::HttpResponse,
        ) -> ::std::result::Result<#output_path, ::smithy_runtime::client::ParseOutcome<#error_path>> {
            let body = response.body().bytes().unwrap_or_default();
            let headers = response.headers().as_http_headers();
            if !response.status().is_success() {
                return ::std::result::Result::Err(::smithy_runtime::client::ParseOutcome::ServiceError(
                    de_error(response.status().as_u16(), headers, body),
                ));
            }
            de_output(body, ::smithy_runtime::protocol::aws_json::request_id(headers))
                .map_err(::smithy_runtime::client::ParseOutcome::malformed)
        }

        fn de_output(
            body: &[u8],
            request_id: ::std::option::Option<&str>,
        ) -> ::std::result::Result<#output_path, #json::DeserializeError> {
            let value = #json::parse_body(body)?;
            #entries_decl
            let mut builder = #output_path::builder();
            #members
            #correct
            if let ::std::option::Option::Some(request_id) = request_id {
                builder = builder._request_id(request_id);
            }
            #build
        }

        fn de_error(status: u16, headers: &::smithy_runtime::transport::HeaderMap, body: &[u8]) -> #error_path {
            #de_error_body
        }
    }
}

fn error_arm(error: &ErrorRef, error_path: &TokenStream) -> TokenStream {
    let code = error.id.name();
    let variant = ident(&error.variant);
    let module = ident(&naming::serde_module_name(&error.type_name));
    let function = ident(&naming::deserializer_fn_name(&error.type_name));
    quote! {
        ::std::option::Option::Some(#code) => match crate::protocol_serde::#module::#function(status, body, meta) {
            ::std::result::Result::Ok(error) => #error_path::#variant(error),
            // A modeled error whose body does not parse is still reported, with its code.
            #[allow(deprecated)]
            ::std::result::Result::Err(unhandled) => #error_path::Unhandled(unhandled),
        },
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
            ) -> ::std::result::Result<::smithy_runtime::endpoint::Endpoint, crate::error::BoxError> {
                match config.endpoint_url() {
                    ::std::option::Option::Some(url) => ::std::result::Result::Ok(
                        ::smithy_runtime::endpoint::Endpoint::builder().url(url).build(),
                    ),
                    ::std::option::Option::None => ::std::result::Result::Err(
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
            "AWS::UseFIPS" => quote!(::std::option::Option::Some(config.use_fips())),
            "AWS::UseDualStack" => quote!(::std::option::Option::Some(config.use_dual_stack())),
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
        ) -> ::std::result::Result<::smithy_runtime::endpoint::Endpoint, crate::error::BoxError> {
            let params = Params::builder()
                #(#builtins)*
                .build()?;
            ::std::result::Result::Ok(resolve_endpoint(&params)?)
        }

        #tests
    }
}
