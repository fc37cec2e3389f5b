//! Event stream unions: the error enum of each (`crate::types::error::<Union>Error`, one variant
//! per error member and `Unhandled`), and its unmarshaller, which turns one message into an
//! event or an error (in the union's `protocol_serde` module).

use proc_macro2::TokenStream;
use quote::quote;

use super::operation::{create_unhandled_impl, render_error_enum, ErrorHelpers};
use super::{ident, path, plain_doc};
use crate::ir::{CrateDef, EventDef, EventField, EventStreamDef, NamedKind, RustType, UnionDef};
use crate::naming;
use crate::protocol::Protocol;

/// The name of the unmarshaller of `union`, in its serde module (the IR's
/// `RustType::EventStream` has its path).
fn unmarshaller_name(union: &UnionDef) -> String {
    format!("{}Unmarshaller", union.name)
}

/// `src/types/error/_<union>_error.rs`.
pub fn error_enum(union: &UnionDef, stream: &EventStreamDef) -> TokenStream {
    let name = ident(&stream.error.name);
    let errors: Vec<_> = stream
        .errors
        .iter()
        .map(|error| error.error.clone())
        .collect();
    let error_enum = render_error_enum(
        &name,
        &errors,
        &format!("The errors the `{}` event stream can end with.", union.name),
        quote!(#name),
        ErrorHelpers::IsMethods,
    );
    let create_unhandled = create_unhandled_impl(&name);
    quote! {
        #error_enum

        #create_unhandled
    }
}

/// `src/protocol_serde/<union>.rs`: the unmarshaller, for restJson1's messages (JSON payloads,
/// `@eventPayload` blobs and strings as they are, `@eventHeader` members from the headers).
pub fn unmarshaller(
    protocol: &dyn Protocol,
    def: &CrateDef,
    union: &UnionDef,
    stream: &EventStreamDef,
) -> TokenStream {
    let error_args = protocol.error_deserializer_args();
    // The error parsers of the HTTP-binding protocols read headers too; a message has none.
    let headers = protocol
        .needs_http_routes()
        .then(|| quote!(let headers = &::smithy_runtime::transport::HeaderMap::new();));
    let name = ident(&unmarshaller_name(union));
    let union_path = path(&union.symbol.path);
    let error_path = path(&stream.error.path);
    let doc = plain_doc(&[format!(
        "Reads the messages of the `{}` event stream: events, modeled errors (`:exception-type`) and unmodeled ones (`:message-type: error`).",
        union.name
    )]);
    let events = stream.events.iter().map(|event| {
        let member = &event.member;
        let variant = ident(&event.variant);
        let read = read_event(def, event);
        quote! {
            ::smithy_runtime::event_stream::unmarshal::MessageKind::Event(#member) => {
                let event = { #read };
                ::std::result::Result::Ok(UnmarshalledMessage::Event(#union_path::#variant(event)))
            }
        }
    });
    let errors = stream.errors.iter().map(|error| {
        let member = &error.member;
        let variant = ident(&error.error.variant);
        let code = &error.error.type_name;
        let module = path(&error.error.symbol.serde_module_path);
        let function = ident(&naming::deserializer_fn_name(&error.error.type_name));
        quote! {
            ::smithy_runtime::event_stream::unmarshal::MessageKind::Exception(#member) => {
                let meta = ::smithy_runtime::event_stream::unmarshal::exception_metadata(#code, message.payload());
                // An exception message stands for an error response: status 200 only names it.
                let status = 200;
                #headers
                let body = message.payload().as_ref();
                ::std::result::Result::Ok(UnmarshalledMessage::Error(
                    match #module::#function(#error_args) {
                        ::std::result::Result::Ok(error) => #error_path::#variant(error),
                        // A modeled error whose payload does not parse is still reported, with its code.
                        #[allow(deprecated)]
                        ::std::result::Result::Err(unhandled) => #error_path::Unhandled(unhandled),
                    },
                ))
            }
        }
    });
    quote! {
        #doc
        #[derive(::std::fmt::Debug)]
        pub(crate) struct #name;

        impl ::smithy_runtime::event_stream::UnmarshallMessage for #name {
            type Output = #union_path;
            type Error = #error_path;

            fn unmarshall(
                &self,
                message: &::smithy_runtime::event_stream::Message,
            ) -> ::std::result::Result<
                ::smithy_runtime::event_stream::UnmarshalledMessage<#union_path, #error_path>,
                ::smithy_runtime::event_stream::UnmarshalError,
            > {
                use ::smithy_runtime::event_stream::UnmarshalledMessage;
                match ::smithy_runtime::event_stream::unmarshal::kind(message)? {
                    #(#events)*
                    // An event added to the model after this crate was generated.
                    ::smithy_runtime::event_stream::unmarshal::MessageKind::Event(_) => {
                        ::std::result::Result::Ok(UnmarshalledMessage::Event(#union_path::Unknown))
                    }
                    #(#errors)*
                    ::smithy_runtime::event_stream::unmarshal::MessageKind::Exception(code) => {
                        ::std::result::Result::Ok(UnmarshalledMessage::Error(#error_path::generic(
                            ::smithy_runtime::event_stream::unmarshal::error_metadata(::std::option::Option::Some(code), ::std::option::Option::None),
                        )))
                    }
                    ::smithy_runtime::event_stream::unmarshal::MessageKind::Error { code, message } => {
                        ::std::result::Result::Ok(UnmarshalledMessage::Error(#error_path::generic(
                            ::smithy_runtime::event_stream::unmarshal::error_metadata(code, message),
                        )))
                    }
                }
            }
        }
    }
}

/// The statements that read one event's structure from `message`, ending in the value.
fn read_event(def: &CrateDef, event: &EventDef) -> TokenStream {
    let member = &event.member;
    let payload_error =
        quote!(|error| ::smithy_runtime::event_stream::unmarshal::payload_error(#member, error));
    let RustType::Named {
        id, path: ty_path, ..
    } = &event.ty
    else {
        return quote!(::std::compile_error!("an event is a structure"));
    };
    let ty = path(ty_path);
    let structure = def.struct_def(id);
    let fallible = structure.is_some_and(|s| s.build_is_fallible());
    let build = if fallible {
        quote!(builder.build().map_err(#payload_error)?)
    } else {
        quote!(builder.build())
    };
    if event.payload.is_none() && event.headers.is_empty() {
        // The whole structure is the JSON payload.
        let module = def
            .type_def(id)
            .map(|ty| path(&ty.symbol().serde_module_path));
        let function = ident(&naming::deserializer_fn_name(
            ty_path.rsplit("::").next().unwrap_or_default(),
        ));
        let empty = if fallible {
            quote!(#ty::builder().build().map_err(#payload_error)?)
        } else {
            quote!(#ty::builder().build())
        };
        return quote! {
            let value = ::smithy_runtime::json::parse_body(message.payload()).map_err(#payload_error)?;
            match #module::#function(value).map_err(#payload_error)? {
                ::std::option::Option::Some(event) => event,
                ::std::option::Option::None => #empty,
            }
        };
    }
    let headers = event.headers.iter().map(|field| {
        let name = &field.member;
        let setter = ident(&field.setter);
        let value = header_value(field);
        quote! {
            if let ::std::option::Option::Some(header) = ::smithy_runtime::event_stream::unmarshal::header(message, #name) {
                builder = builder.#setter(::std::option::Option::Some(#value));
            }
        }
    });
    let payload = event.payload.as_ref().map(|field| {
        let setter = ident(&field.setter);
        let value = payload_value(def, field, &payload_error);
        quote!(builder = builder.#setter(::std::option::Option::Some(#value));)
    });
    quote! {
        let mut builder = #ty::builder();
        #(#headers)*
        #payload
        #build
    }
}

/// An `@eventHeader` member's value from `header`.
fn header_value(field: &EventField) -> TokenStream {
    let unmarshal = quote!(::smithy_runtime::event_stream::unmarshal);
    match &field.ty {
        RustType::String => quote!(#unmarshal::expect_string(header)?),
        RustType::Named {
            kind: NamedKind::Enum,
            path: enum_path,
            ..
        } => {
            let ty = path(enum_path);
            quote!(#ty::from(#unmarshal::expect_string(header)?.as_str()))
        }
        RustType::Bool => quote!(#unmarshal::expect_bool(header)?),
        RustType::I8 => quote!(#unmarshal::expect_byte(header)?),
        RustType::I16 => quote!(#unmarshal::expect_int16(header)?),
        RustType::I32 => quote!(#unmarshal::expect_int32(header)?),
        RustType::I64 => quote!(#unmarshal::expect_int64(header)?),
        RustType::Blob => quote!(#unmarshal::expect_byte_array(header)?),
        RustType::DateTime(_) => quote!(#unmarshal::expect_timestamp(header)?),
        _ => quote!(::std::compile_error!(
            "an event header holds a boolean, number, string, blob or timestamp"
        )),
    }
}

/// An `@eventPayload` member's value: the whole payload.
fn payload_value(def: &CrateDef, field: &EventField, payload_error: &TokenStream) -> TokenStream {
    match &field.ty {
        RustType::Blob => quote!(crate::primitives::Blob::new(message.payload().to_vec())),
        RustType::String => {
            quote!(::std::string::String::from_utf8(message.payload().to_vec()).map_err(#payload_error)?)
        }
        RustType::Named {
            id,
            kind: NamedKind::Structure | NamedKind::Union,
            path: ty_path,
            ..
        } => {
            let module = def
                .type_def(id)
                .map(|ty| path(&ty.symbol().serde_module_path));
            let function = ident(&naming::deserializer_fn_name(
                ty_path.rsplit("::").next().unwrap_or_default(),
            ));
            let member = &field.member;
            quote! {{
                let value = ::smithy_runtime::json::parse_body(message.payload()).map_err(#payload_error)?;
                #module::#function(value).map_err(#payload_error)?.ok_or_else(|| {
                    ::smithy_runtime::event_stream::unmarshal::payload_error(#member, "the payload is `null`")
                })?
            }}
        }
        _ => quote!(::std::compile_error!(
            "an event payload is a blob, string or structure"
        )),
    }
}
