//! Event stream unions: the error enum of each (`crate::types::error::<Union>Error`, one variant
//! per error member and `Unhandled`); the unmarshaller of a stream an operation receives, which
//! turns one message into an event or an error; and the marshallers of a stream an operation
//! sends, which turn an event or a modeled error into a message (all in the union's
//! `protocol_serde` module).

use proc_macro2::TokenStream;
use quote::quote;

use super::operation::{create_unhandled_impl, render_error_enum, ErrorHelpers};
use super::{ident, path, plain_doc};
use crate::ir::{
    CrateDef, EventDef, EventField, EventStreamDef, FieldDef, NamedKind, RustType, StructDef,
    UnionDef,
};
use crate::naming;
use crate::protocol::Protocol;

/// The name of the unmarshaller of `union`, in its serde module (the IR's
/// `RustType::EventStream` has its path, and those of the marshallers).
fn unmarshaller_name(union: &UnionDef) -> String {
    format!("{}Unmarshaller", union.name)
}

/// `src/protocol_serde/<union>.rs`: what the operations that use the stream need of it.
pub fn serde_items(
    protocol: &dyn Protocol,
    def: &CrateDef,
    union: &UnionDef,
    stream: &EventStreamDef,
) -> TokenStream {
    let received = def
        .event_stream_used(&union.id, false)
        .then(|| unmarshaller(protocol, def, union, stream));
    let sent = def
        .event_stream_used(&union.id, true)
        .then(|| marshallers(def, union, stream));
    quote! {
        #received
        #sent
    }
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

/// The unmarshaller, for restJson1's messages (JSON payloads,
/// `@eventPayload` blobs and strings as they are, `@eventHeader` members from the headers).
fn unmarshaller(
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
                Ok(UnmarshalledMessage::Event(#union_path::#variant(event)))
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
                Ok(UnmarshalledMessage::Error(
                    match #module::#function(#error_args) {
                        Ok(error) => #error_path::#variant(error),
                        // A modeled error whose payload does not parse is still reported, with its code.
                        #[allow(deprecated)]
                        Err(unhandled) => #error_path::Unhandled(unhandled),
                    },
                ))
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug)]
        pub(crate) struct #name;

        impl ::smithy_runtime::event_stream::UnmarshallMessage for #name {
            type Output = #union_path;
            type Error = #error_path;

            fn unmarshall(
                &self,
                message: &::smithy_runtime::event_stream::Message,
            ) -> Result<
                ::smithy_runtime::event_stream::UnmarshalledMessage<#union_path, #error_path>,
                ::smithy_runtime::event_stream::UnmarshalError,
            > {
                use ::smithy_runtime::event_stream::UnmarshalledMessage;
                match ::smithy_runtime::event_stream::unmarshal::kind(message)? {
                    #(#events)*
                    // An event added to the model after this crate was generated.
                    ::smithy_runtime::event_stream::unmarshal::MessageKind::Event(_) => {
                        Ok(UnmarshalledMessage::Event(#union_path::Unknown))
                    }
                    #(#errors)*
                    ::smithy_runtime::event_stream::unmarshal::MessageKind::Exception(code) => {
                        Ok(UnmarshalledMessage::Error(#error_path::generic(
                            ::smithy_runtime::event_stream::unmarshal::error_metadata(Some(code), None),
                        )))
                    }
                    ::smithy_runtime::event_stream::unmarshal::MessageKind::Error { code, message } => {
                        Ok(UnmarshalledMessage::Error(#error_path::generic(
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
                Some(event) => event,
                None => #empty,
            }
        };
    }
    let headers = event.headers.iter().map(|field| {
        let name = &field.member;
        let setter = ident(&field.setter);
        let value = header_value(field);
        quote! {
            if let Some(header) = ::smithy_runtime::event_stream::unmarshal::header(message, #name) {
                builder = builder.#setter(Some(#value));
            }
        }
    });
    let payload = match &event.payload {
        Some(field) => {
            let setter = ident(&field.setter);
            let value = payload_value(def, field, &payload_error);
            quote!(builder = builder.#setter(Some(#value));)
        }
        None => {
            // The members bound to no header are the JSON payload.
            let fields = structure.map(|s| body_fields(s, event)).unwrap_or_default();
            if fields.is_empty() {
                TokenStream::new()
            } else {
                let read = crate::render::protocol_serde::de_fields(&fields);
                quote! {
                    if !message.payload().is_empty() {
                        let value = ::smithy_runtime::json::parse_body(message.payload()).map_err(#payload_error)?;
                        let entries = ::smithy_runtime::json::de::into_object(value).map_err(#payload_error)?.unwrap_or_default();
                        let read = || -> Result<(), ::smithy_runtime::json::DeserializeError> {
                            #read
                            Ok(())
                        };
                        read().map_err(#payload_error)?;
                    }
                }
            }
        }
    };
    quote! {
        let mut builder = #ty::builder();
        #(#headers)*
        #payload
        #build
    }
}

/// The members of an event structure that are neither its headers nor its payload member.
fn body_fields<'a>(structure: &'a StructDef, event: &EventDef) -> Vec<&'a FieldDef> {
    structure
        .fields
        .iter()
        .filter(|field| {
            !event
                .headers
                .iter()
                .any(|header| header.member == field.member)
                && event
                    .payload
                    .as_ref()
                    .is_none_or(|payload| payload.member != field.member)
        })
        .collect()
}

/// The marshallers of a stream an operation sends: `<Union>Marshaller` writes each event as an
/// `event` message (`@eventHeader` members as headers, the `@eventPayload` member or the other
/// members as JSON as the payload), and `<Union>ErrorMarshaller` each modeled error as an
/// `exception` message with the error as JSON.
fn marshallers(def: &CrateDef, union: &UnionDef, stream: &EventStreamDef) -> TokenStream {
    let union_path = path(&union.symbol.path);
    let error_path = path(&stream.error.path);
    let name = ident(&format!("{}Marshaller", union.name));
    let error_name = ident(&format!("{}ErrorMarshaller", union.name));
    let marshal = quote!(::smithy_runtime::event_stream::marshal);
    let doc = plain_doc(&[format!(
        "Writes the events of the `{}` event stream as messages.",
        union.name
    )]);
    let error_doc = plain_doc(&[format!(
        "Writes the modeled errors of the `{}` event stream as `exception` messages.",
        union.name
    )]);
    let events = stream.events.iter().map(|event| {
        let member = &event.member;
        let variant = ident(&event.variant);
        let structure = match &event.ty {
            RustType::Named { id, .. } => def.struct_def(id),
            _ => None,
        };
        let payload = structure.map_or_else(TokenStream::new, |s| event_payload(s, event));
        let headers: Vec<TokenStream> = structure
            .into_iter()
            .flat_map(|s| event.headers.iter().filter_map(move |h| header_write(s, h)))
            .collect();
        let binding = if headers.is_empty() {
            quote!(message)
        } else {
            quote!(mut message)
        };
        quote! {
            #union_path::#variant(event) => {
                let (content_type, payload) = #payload;
                let #binding = #marshal::event(#member, content_type, payload);
                #(#headers)*
                Ok(message)
            }
        }
    });
    let errors: Vec<TokenStream> = stream
        .errors
        .iter()
        .map(|error| {
            let member = &error.member;
            let variant = ident(&error.error.variant);
            let fields = def
                .errors
                .iter()
                .find(|e| e.id == error.error.id)
                .map(|e| e.fields.iter().collect::<Vec<_>>())
                .unwrap_or_default();
            let json_object = json_object(&fields, quote!(error));
            quote! {
                #error_path::#variant(error) => {
                    let payload = #json_object;
                    Ok(#marshal::exception(#member, payload))
                }
            }
        })
        .collect();
    let unmodeled = quote! {
        Err(#marshal::marshal_error(
            ::std::format_args!("only the stream's modeled errors can be sent, not `{other}`"),
        ))
    };
    let body = if errors.is_empty() {
        quote! {
            let other = input;
            #unmodeled
        }
    } else {
        quote! {
            match input {
                #(#errors)*
                other => #unmodeled,
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug)]
        pub(crate) struct #name;

        impl ::smithy_runtime::event_stream::MarshallMessage for #name {
            type Input = #union_path;

            fn marshall(
                &self,
                input: #union_path,
            ) -> Result<::smithy_runtime::event_stream::Message, ::smithy_runtime::event_stream::UnmarshalError> {
                match input {
                    #(#events)*
                    #union_path::Unknown => Err(#marshal::marshal_error(
                        "the `Unknown` variant stands for an event this crate does not know",
                    )),
                }
            }
        }

        #error_doc
        #[derive(Debug)]
        pub(crate) struct #error_name;

        impl ::smithy_runtime::event_stream::MarshallMessage for #error_name {
            type Input = #error_path;

            fn marshall(
                &self,
                input: #error_path,
            ) -> Result<::smithy_runtime::event_stream::Message, ::smithy_runtime::event_stream::UnmarshalError> {
                #body
            }
        }
    }
}

/// The JSON object of `fields` of the value bound to `value`, as bytes (an expression that
/// returns early with a marshalling error).
fn json_object(fields: &[&FieldDef], value: TokenStream) -> TokenStream {
    let write = crate::render::protocol_serde::ser_fields(fields.iter().copied());
    let input = if fields.is_empty() {
        quote!(_input)
    } else {
        quote!(input)
    };
    let object = if fields.is_empty() {
        quote!(_object)
    } else {
        quote!(object)
    };
    let bytes = json_bytes(quote!(write(&mut object)));
    quote! {{
        let #input = &#value;
        let write = |#object: &mut ::smithy_runtime::json::ObjectWriter<'_>| -> Result<(), crate::error::BuildError> {
            #write
            Ok(())
        };
        #bytes
    }}
}

/// The bytes of the JSON object that `write` fills, an expression writing into `object` that
/// gives `Result<(), BuildError>`; a failure returns early as a marshalling error.
fn json_bytes(write: TokenStream) -> TokenStream {
    quote! {{
        let mut out = String::new();
        let mut object = ::smithy_runtime::json::object(&mut out);
        #write.map_err(::smithy_runtime::event_stream::marshal::marshal_error)?;
        object.finish();
        out.into_bytes()
    }}
}

/// `(content type, payload bytes)` of an event: its `@eventPayload` member, or the members bound
/// to no header as a JSON object, or nothing.
fn event_payload(structure: &StructDef, event: &EventDef) -> TokenStream {
    let Some(payload) = &event.payload else {
        let fields = body_fields(structure, event);
        if fields.is_empty() {
            return quote!((None, Vec::new()));
        }
        if event.headers.is_empty() {
            // The whole structure, with its own serializer.
            let function = crate::render::protocol_serde::serde_fn(
                &structure.path(),
                naming::serializer_fn_name,
            );
            let bytes = json_bytes(quote!(#function(&mut object, &event)));
            return quote!((Some("application/json"), #bytes));
        }
        let object = json_object(&fields, quote!(event));
        return quote!((Some("application/json"), #object));
    };
    let Some(field) = structure.fields.iter().find(|f| f.member == payload.member) else {
        return quote!((None, Vec::new()));
    };
    let name = ident(&field.name);
    let (content_type, bytes) = match &field.ty {
        RustType::Blob => ("application/octet-stream", quote!(value.as_ref().to_vec())),
        RustType::String => ("text/plain", quote!(value.as_bytes().to_vec())),
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => ("text/plain", quote!(value.as_str().as_bytes().to_vec())),
        RustType::Named {
            kind: NamedKind::Structure | NamedKind::Union,
            path: type_path,
            ..
        } => {
            let function =
                crate::render::protocol_serde::serde_fn(type_path, naming::serializer_fn_name);
            (
                "application/json",
                json_bytes(quote!(#function(&mut object, value))),
            )
        }
        _ => (
            "application/octet-stream",
            quote!(::std::compile_error!(
                "an event payload is a blob, string or structure"
            )),
        ),
    };
    let content_type = field.media_type.as_deref().unwrap_or(content_type);
    let value = if field.optional {
        quote!(event.#name.as_ref())
    } else {
        quote!(Some(&event.#name))
    };
    quote! {
        (
            Some(#content_type),
            match #value {
                Some(value) => #bytes,
                None => Vec::new(),
            },
        )
    }
}

/// The statement adding an `@eventHeader` member to `message` when it is set.
fn header_write(structure: &StructDef, header: &EventField) -> Option<TokenStream> {
    let field = structure
        .fields
        .iter()
        .find(|f| f.member == header.member)?;
    let name = ident(&field.name);
    let wire = &header.member;
    let header_value = quote!(::smithy_runtime::event_stream::HeaderValue);
    let value = match &field.ty {
        RustType::Bool => quote!(#header_value::Bool(*value)),
        RustType::I8 => quote!(#header_value::Byte(*value)),
        RustType::I16 => quote!(#header_value::Int16(*value)),
        RustType::I32 => quote!(#header_value::Int32(*value)),
        RustType::I64 => quote!(#header_value::Int64(*value)),
        RustType::Blob => quote!(#header_value::ByteArray(value.as_ref().to_vec().into())),
        RustType::String => quote!(#header_value::String(value.clone().into())),
        RustType::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(#header_value::String(value.as_str().to_owned().into())),
        RustType::DateTime(_) => quote!(#header_value::Timestamp(*value)),
        _ => quote!(::std::compile_error!(
            "an event header holds a boolean, number, string, blob or timestamp"
        )),
    };
    let add = quote! {
        message = message.add_header(::smithy_runtime::event_stream::Header::new(#wire, #value));
    };
    Some(if field.optional {
        quote! {
            if let Some(value) = &event.#name {
                #add
            }
        }
    } else {
        quote! {{
            let value = &event.#name;
            #add
        }}
    })
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
            quote!(String::from_utf8(message.payload().to_vec()).map_err(#payload_error)?)
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
