//! `static PARTITIONS`: the partition facts `aws.partition` looks regions up in, as a
//! `smithy_runtime` partition table in the generated endpoint module.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::partitions::PartitionFacts;

/// The name of the partition table in a generated endpoint module.
pub const PARTITION_TABLE: &str = "PARTITIONS";

/// `static PARTITIONS`: the partition facts as a `smithy_runtime` partition table.
pub fn render_partition_table(facts: &PartitionFacts) -> TokenStream {
    let table = format_ident!("{PARTITION_TABLE}");
    let entries = facts.partitions.iter().map(|partition| {
        let id = &partition.id;
        let region_regex = raw_string(&partition.region_regex);
        let regions = &partition.regions;
        let outputs = &partition.outputs;
        let (name, dns_suffix, dual_stack_dns_suffix, implicit_global_region) = (
            &outputs.name,
            &outputs.dns_suffix,
            &outputs.dual_stack_dns_suffix,
            &outputs.implicit_global_region,
        );
        let (supports_fips, supports_dual_stack) =
            (outputs.supports_fips, outputs.supports_dual_stack);
        quote! {
            ::smithy_runtime::endpoint::aws::PartitionData {
                id: #id,
                region_regex: #region_regex,
                regions: &[#(#regions),*],
                name: #name,
                dns_suffix: #dns_suffix,
                dual_stack_dns_suffix: #dual_stack_dns_suffix,
                supports_fips: #supports_fips,
                supports_dual_stack: #supports_dual_stack,
                implicit_global_region: #implicit_global_region,
            }
        }
    });
    let doc = format!(
        " The partitions `aws.partition` chooses from, in order (partition facts version {}).",
        facts.version
    );
    quote! {
        #[doc = #doc]
        static #table: ::smithy_runtime::endpoint::aws::PartitionTable =
            ::smithy_runtime::endpoint::aws::PartitionTable::new(&[#(#entries),*]);
    }
}

/// `text` as a raw string literal when it can be one, which keeps regular expressions readable.
fn raw_string(text: &str) -> Literal {
    if text.contains('"') || text.contains('\r') {
        return Literal::string(text);
    }
    format!("r\"{text}\"")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

#[cfg(test)]
mod tests {
    use super::{raw_string, render_partition_table};

    #[test]
    fn regular_expressions_are_raw_strings_when_they_can_be() {
        assert_eq!(raw_string(r"^cn\-\w+$").to_string(), r#"r"^cn\-\w+$""#);
        assert_eq!(raw_string(r#"a"b"#).to_string(), r#""a\"b""#);
    }

    #[test]
    fn the_table_lists_every_partition_with_the_facts_version() {
        let facts = crate::partitions::built_in();
        let code = render_partition_table(&facts).to_string();
        assert!(code.contains("static PARTITIONS"), "{code}");
        assert!(code.contains(&facts.version), "{code}");
        for partition in &facts.partitions {
            assert!(code.contains(&format!("id : {:?}", partition.id)), "{code}");
        }
    }
}
