//! Writes docs/rules.md from the rule catalogue: `cargo run --example gen_rules_doc`.

fn main() -> std::io::Result<()> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    std::fs::write(
        path,
        enroll_engine::diagnostic::catalogue::rules_markdown(&enroll_engine::diagnostic::all_rules()),
    )?;
    println!("wrote {path}");
    Ok(())
}
