//! The runner: the whole table against one service ([`run_matrix`]), one case against one
//! operation on a fresh mock ([`run_case`]), and counting what the service saw.

use super::*;

pub(crate) async fn requests_on(server: &MockServer, route: &Route) -> usize {
    server
        .received_requests()
        .await
        .iter()
        .filter(|r| {
            let full = match &r.query {
                Some(q) => format!("{}?{q}", r.path),
                None => r.path.clone(),
            };
            r.method == route.method && full.contains(&route.path_contains)
        })
        .count()
}

/// Runs the whole table against one service, [`CONCURRENT_CASES`] at a time, each case on its
/// own mock. Panics with the crate, case and operation named.
pub(crate) async fn run_matrix<H: Harness>() {
    let shape = H::shape();
    let cases = cases();
    let runs: Vec<(&Case, Op)> = cases
        .iter()
        .flat_map(|case| {
            let creates = match case.applies {
                Applies::All => H::CREATES.len(),
                Applies::ReadOnly => 0,
            };
            std::iter::once(Op::Read)
                .chain((0..creates).map(Op::Create))
                .map(move |op| (case, op))
        })
        .collect();
    let skipped: Vec<&str> = stream::iter(runs)
        .map(|(case, op)| {
            let shape = &shape;
            async move { (!run_case::<H>(case, op, shape).await).then_some(case.name) }
        })
        .buffer_unordered(CONCURRENT_CASES)
        .filter_map(|skipped| async move { skipped })
        .collect()
        .await;
    // Only a service without an enum in its read may skip a case, and only that one.
    let may_skip: &[&str] = match shape.unknown_enum {
        Some(_) => &[],
        None => &["unknown enum value"],
    };
    assert_eq!(skipped, may_skip, "{}: cases that did not apply", H::NAME);
}

/// One case against one operation on a fresh mock. Returns false when it does not apply.
pub(crate) async fn run_case<H: Harness>(case: &Case, op: Op, shape: &Shape) -> bool {
    let label = match op {
        Op::Read => "read".to_owned(),
        Op::Create(i) => H::CREATES[i].to_owned(),
    };
    let at = format!("{} / {} / {label}", H::NAME, case.name);
    let h = H::start(case.cfg).await;
    let route = h.route(op);

    // The baseline: the read as the mock serves it, before any fault.
    let (baseline_view, baseline_raw) = match op {
        Op::Read => {
            let view = h
                .call(Op::Read)
                .await
                .unwrap_or_else(|e| panic!("{at}: baseline read: {e}"));
            (view, h.raw_read().await)
        }
        Op::Create(_) => (None, Value::Null),
    };
    if op == Op::Read {
        let view = baseline_view
            .as_ref()
            .unwrap_or_else(|| panic!("{at}: the read gave no view"));
        assert!(
            view.optional.is_some(),
            "{at}: the baseline lacks the optional field: {view:?}"
        );
    }
    let ctx = Ctx {
        route: &route,
        baseline: &baseline_raw,
        shape,
    };
    let Some(faults) = (case.inject)(&ctx) else {
        return false;
    };
    let seen_before = requests_on(h.server(), &route).await;
    let entities_before = match op {
        Op::Create(i) => h.entities(i),
        Op::Read => 0,
    };
    for fault in faults {
        h.server().inject(fault);
    }

    let started = Instant::now();
    let result = h.call(op).await;
    let elapsed = started.elapsed();

    match (case.expect, &result) {
        (Expect::Ok { min_elapsed }, Ok(view)) => {
            assert!(
                elapsed >= min_elapsed,
                "{at}: answered after {elapsed:?}, expected a wait of at least {min_elapsed:?}"
            );
            if op == Op::Read {
                assert_eq!(view, &baseline_view, "{at}: the read changed");
            }
        }
        (Expect::View(change), Ok(view)) => {
            let base = baseline_view
                .clone()
                .unwrap_or_else(|| panic!("{at}: no baseline"));
            assert_eq!(view.as_ref(), Some(&change(base, shape)), "{at}");
        }
        (Expect::Err { what, check, .. }, Err(err)) => {
            assert!(check(err), "{at}: expected {what}, got {err:?} ({err})");
            // Enough to open a support case with: the operation and the request id, in the
            // message too.
            let id = err
                .request_id()
                .unwrap_or_else(|| panic!("{at}: no request id: {err:?}"));
            assert!(err.operation().is_some(), "{at}: no operation: {err:?}");
            assert!(err.to_string().contains(id), "{at}: {err}");
        }
        (expect, got) => panic!("{at}: expected {expect:?}, got {got:?}"),
    }

    // Held-back requests reach the service late: wait for them (bounded), then count.
    let expected = seen_before + case.service_saw;
    let deadline = Instant::now() + SETTLE_LIMIT;
    let mut seen = requests_on(h.server(), &route).await;
    while seen < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
        seen = requests_on(h.server(), &route).await;
    }
    if case.service_saw > 1 {
        // Give a straggler beyond the expected count the chance to show up.
        tokio::time::sleep(Duration::from_millis(50)).await;
        seen = requests_on(h.server(), &route).await;
    }
    assert_eq!(
        seen - seen_before,
        case.service_saw,
        "{at}: requests the service saw"
    );
    assert_eq!(h.server().pending_faults(), 0, "{at}: faults left unused");

    if let Op::Create(i) = op {
        let committed = match case.expect {
            Expect::Err { committed, .. } => committed,
            _ => true,
        };
        assert_eq!(
            h.entities(i) - entities_before,
            usize::from(committed),
            "{at}: entities made (a retried create must not duplicate)"
        );
    }
    true
}
