//! One `#[test]` per endpoint test case, for a child module of the endpoint module: each
//! builds `super::Params` from the case's parameters (`operationInputs` are not used) and
//! asserts the expected URL, headers and properties, or the expected error message.

use proc_macro2::TokenStream;
use quote::quote;

use super::params::doc_attrs;
use super::test_cases::{Expectation, TestCase, TestParamValue};
use crate::docs;

/// The `#[test]` functions of `cases`, in order.
pub fn render_tests(cases: &[TestCase]) -> TokenStream {
    cases.iter().map(render_test_case).collect()
}

fn render_test_case(case: &TestCase) -> TokenStream {
    let name = &case.function_name;
    let doc = match &case.documentation {
        Some(text) => doc_attrs(&docs::doc_lines(text)),
        None => TokenStream::new(),
    };
    let setters = case.params.iter().map(|param| {
        let setter = &param.setter;
        let value = match &param.value {
            TestParamValue::String(s) => quote!(#s),
            TestParamValue::Boolean(b) => quote!(#b),
            TestParamValue::StringArray(items) => quote!(::std::vec![#(#items.to_owned()),*]),
        };
        quote!(.#setter(#value))
    });
    let checks = match &case.expectation {
        Expectation::Error(error) => quote! {
            let error = super::resolve_endpoint(&params)
                .expect_err("the rules reject these parameters");
            assert_eq!(error.to_string(), #error);
        },
        Expectation::Endpoint {
            url,
            headers,
            properties,
        } => {
            let headers = expected_headers(headers);
            let properties = expected_properties(properties);
            quote! {
                let endpoint = super::resolve_endpoint(&params)
                    .expect("the rules resolve an endpoint");
                assert_eq!(endpoint.url(), #url);
                #headers
                #properties
            }
        }
    };
    let ignore = case.predates_partition_facts().then(|| {
        quote!(#[ignore = "stale case: it expects no dual-stack in aws-iso/aws-iso-b, but the published partition facts give both partitions dual-stack support"])
    });
    quote! {
        #doc
        #[test]
        #ignore
        fn #name() {
            let params = super::Params::builder()
                #(#setters)*
                .build()
                .expect("the test case's parameters are valid");
            #checks
        }
    }
}

fn expected_headers(headers: &[(String, Vec<String>)]) -> TokenStream {
    if headers.is_empty() {
        return quote! {
            assert!(
                endpoint.headers().is_empty(),
                "unexpected headers: {:?}",
                endpoint.headers()
            );
        };
    }
    let entries = headers
        .iter()
        .map(|(name, values)| quote!((#name.to_owned(), ::std::vec![#(#values.to_owned()),*])));
    quote! {
        let expected_headers = ::std::collections::BTreeMap::from([#(#entries),*]);
        assert_eq!(endpoint.headers(), &expected_headers);
    }
}

fn expected_properties(properties: &[(String, super::document::Document)]) -> TokenStream {
    if properties.is_empty() {
        return quote! {
            assert!(
                endpoint.properties().is_empty(),
                "unexpected properties: {:?}",
                endpoint.properties()
            );
        };
    }
    let entries = properties.iter().map(|(key, value)| {
        let value = value.tokens();
        quote!((#key.to_owned(), #value))
    });
    quote! {
        let expected_properties = ::std::collections::BTreeMap::from([#(#entries),*]);
        assert_eq!(endpoint.properties(), &expected_properties);
    }
}

#[cfg(test)]
mod tests {
    use super::render_tests;
    use crate::endpoints::parse_tests;
    use crate::endpoints::test_support::assert_contains;
    use serde_json::json;

    #[test]
    fn test_cases_get_unique_valid_names() {
        let tokens = render_tests(&parse_tests(&json!({
            "version": "1.0",
            "testCases": [
                {"documentation": "us-east-1: FIPS off, dual-stack off", "params": {"Region": "us-east-1", "UseFIPS": false}, "expect": {"endpoint": {"url": "https://a"}}},
                {"documentation": "us-east-1: FIPS off, dual-stack off", "params": {}, "expect": {"error": "boom"}},
                {"documentation": "1 weird — ünïcode/name", "expect": {"endpoint": {"url": "https://b", "headers": {"h": ["v"]}, "properties": {"authSchemes": [{"name": "sigv4"}]}}}},
                {"documentation": "match", "params": {"Tags": ["a", "b"]}, "expect": {"error": "x"}},
                {"params": {"Region": null}, "expect": {"error": "y"}}
            ]
        }))
        .unwrap());
        let file = syn::parse2::<syn::File>(tokens).expect("parses");
        let code = prettyplease::unparse(&file);
        for expected in [
            "fn us_east_1_fips_off_dual_stack_off()",
            "fn us_east_1_fips_off_dual_stack_off_2()",
            "fn case_1_weird_n_code_name()",
            "fn match_case()",
            "fn test_case_4()",
            "/// us-east-1: FIPS off, dual-stack off",
            ".region(\"us-east-1\")",
            ".use_fips(false)",
            ".tags(::std::vec![\"a\".to_owned(), \"b\".to_owned()])",
            "assert_eq!(endpoint.url(), \"https://a\");",
            "assert_eq!(error.to_string(), \"boom\");",
            "assert_eq!(endpoint.headers(), &expected_headers);",
            "assert_eq!(endpoint.properties(), &expected_properties);",
        ] {
            assert_contains(&code, expected);
        }
        assert!(render_tests(&parse_tests(&json!({})).unwrap()).is_empty());
    }

    #[test]
    fn iso_dual_stack_errors_that_predate_the_partition_facts_are_ignored_with_a_reason() {
        let render = |region: &str, dual_stack: bool, expect: serde_json::Value| {
            let tokens = render_tests(&parse_tests(&json!({"testCases": [
                {"documentation": "case", "params": {"Region": region, "UseDualStack": dual_stack}, "expect": expect}
            ]}))
            .unwrap());
            prettyplease::unparse(&syn::parse2::<syn::File>(tokens).expect("parses"))
        };
        let stale_error =
            json!({"error": "DualStack is enabled but this partition does not support DualStack"});
        for region in ["us-iso-east-1", "us-isob-east-1"] {
            assert_contains(
                &render(region, true, stale_error.clone()),
                "#[ignore = \"stale case:",
            );
        }
        for code in [
            render("us-east-1", true, stale_error.clone()),
            render("us-iso-east-1", false, stale_error),
            render(
                "us-iso-east-1",
                true,
                json!({"endpoint": {"url": "https://x"}}),
            ),
        ] {
            assert!(!code.contains("#[ignore"), "{code}");
        }
    }
}
