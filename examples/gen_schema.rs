//! Writes pkg/schema/*.schema.json from the structural layer:
//! `cargo run --example gen_schema` (a test fails when they are stale).

fn main() -> std::io::Result<()> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg/schema");
    std::fs::create_dir_all(dir)?;
    let schemas = [
        (
            "member-snapshot.schema.json",
            enroll_engine::validate::describe::snapshot_schema(),
        ),
        (
            "group-config.schema.json",
            enroll_engine::validate::describe::config_schema(),
        ),
    ];
    for (name, schema) in schemas {
        let path = format!("{dir}/{name}");
        let text = serde_json::to_string_pretty(&schema).map_err(std::io::Error::other)? + "\n";
        std::fs::write(&path, text)?;
        println!("wrote {path}");
    }
    Ok(())
}
