//! Speed of generating every client from spec/ in memory (load, lower, emit), the
//! number behind `apigen generate`. Run with `cargo bench -p apigen`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn generate_tree(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent");
    let (spec, out, runtime) = (root.join("spec"), root.join("generated"), root.join("runtime"));
    c.bench_function("generate spec/ (all services)", |b| {
        b.iter(|| apigen::write::generate(&spec, &out, &runtime).expect("spec/ generates"))
    });
    let coc = root.join("spec/huawei/coc.yaml");
    c.bench_function("load + lower spec/huawei/coc.yaml", |b| {
        b.iter(|| {
            apigen::lower::lower_file(&coc, "huawei-coc", "spec/huawei/coc.yaml").expect("valid")
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = generate_tree
}
criterion_main!(benches);
