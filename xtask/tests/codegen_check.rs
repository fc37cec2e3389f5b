//! `cargo test` alone catches checked-in output that no longer matches the generator.

#[test]
fn checked_in_crates_match_the_generator() {
    let root = xtask::workspace_root();
    let args = xtask::CodegenArgs {
        check: true,
        ..Default::default()
    };
    let outcomes = xtask::run_codegen(&root, &args).expect("the checked-in models generate");
    assert_eq!(outcomes.len(), xtask::CHECKED_IN.len());
    for outcome in outcomes {
        if let Some(diff) = outcome.diff {
            panic!(
                "{} is stale; run `cargo xtask codegen` to update it:\n{diff}",
                outcome.out_dir.display()
            );
        }
        assert!(
            outcome.plan.unchanged > 10,
            "{} holds the generated files",
            outcome.out_dir.display()
        );
    }
}
