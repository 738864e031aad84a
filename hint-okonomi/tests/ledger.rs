//! Invoice payments, the receipt feed, reconciliation and deductions against the mock ledger.

use std::str::FromStr;

use chrono::NaiveDate;
use hint_core::mock::Fault;
use hint_okonomi::mock::MockOkonomi;
use hint_okonomi::{
    Aarsakskode, Avvikstype, BetalingFilter, Betalingsstatus, Betalingstype, Decimal, ErrorCode,
    KvitteringCursor, Kvitteringstype, NyFakturautbetaling, NyTrekk, NyUtbetaling,
    Transaksjonsstatus, TrekkFilter, Trekkstatus, Trekktype,
};

const ORG: &str = "987654325";
const SUPPLIER: &str = "971111119";
const KONTO: &str = "15031234562";

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn grant(beloep: &str, due: NaiveDate) -> NyUtbetaling {
    NyUtbetaling::til_organisasjon(ORG, "Frisklivssentralen i Vik", dec(beloep), due)
        .kontonummer(KONTO)
}

fn invoice(nr: &str, beloep: &str) -> NyFakturautbetaling {
    NyFakturautbetaling::new(nr, d(2, 14), d(3, 16), SUPPLIER, dec(beloep))
        .leverandoer_navn("Kurs og Kompetanse AS")
        .kontonummer("18221234568")
        .kid("12344")
}

#[tokio::test]
async fn invoice_payments_create_get_list_cancel_and_are_idempotent() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    mock.server()
        .inject(Fault::drop_after_commit().on("POST", "/fakturautbetalinger"));
    let f = client
        .create_fakturautbetaling(&invoice("F-2026-1187", "48750.00"))
        .await
        .unwrap();
    assert_eq!(
        mock.fakturautbetalinger().len(),
        1,
        "one invoice payment after the lost response"
    );
    assert_eq!(f.fakturanummer, "F-2026-1187");
    assert_eq!(f.leverandoer.organisasjonsnummer.as_str(), SUPPLIER);
    assert_eq!(f.beloep, dec("48750.00"));
    assert_eq!(client.get_fakturautbetaling(&f.id).await.unwrap(), f);

    client
        .create_fakturautbetaling(&invoice("F-2026-1188", "100.00"))
        .await
        .unwrap();
    let found = client
        .list_fakturautbetalinger(&BetalingFilter::new().fakturanummer("F-2026-1188"))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fakturanummer, "F-2026-1188");

    let cancelled = client.cancel_fakturautbetaling(&f.id).await.unwrap();
    assert_eq!(cancelled.status, Betalingsstatus::Kansellert);

    // Invoice rules are checked before sending.
    let err = client
        .create_fakturautbetaling(
            &NyFakturautbetaling::new("F-1", d(3, 2), d(3, 1), SUPPLIER, dec("1.00"))
                .kontonummer(KONTO),
        )
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("forfallsdato"));
    let err = client
        .create_fakturautbetaling(
            &NyFakturautbetaling::new("F-1", d(3, 1), d(3, 2), "971111118", dec("1.00"))
                .kontonummer(KONTO),
        )
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("leverandoer.organisasjonsnummer"));
    assert_eq!(mock.fakturautbetalinger().len(), 2);
}

#[tokio::test]
async fn the_receipt_feed_is_polled_without_missing_or_repeating_and_resumes_from_a_stored_cursor()
{
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let a = client
        .create_utbetaling(&grant("100.00", d(3, 2)).egen_referanse("A"))
        .await
        .unwrap();
    let b = client
        .create_utbetaling(&grant("200.00", d(3, 2)).egen_referanse("B"))
        .await
        .unwrap();
    let f = client
        .create_fakturautbetaling(&invoice("F-9", "300.00"))
        .await
        .unwrap();

    let empty = client.poll_kvitteringer(None).await.unwrap();
    assert!(empty.kvitteringer.is_empty() && !empty.more && empty.cursor.is_none());

    mock.settle_all(); // 3 × (mottaksretur + avregningsretur) = 6
    assert!(
        !mock.reject(a.id.as_str(), "AC01", "too late"),
        "a settled payment cannot be rejected"
    );

    let mut seen = Vec::new();
    let first = client.poll_kvitteringer_max(None, Some(4)).await.unwrap();
    assert_eq!(first.kvitteringer.len(), 4);
    assert!(first.more);
    seen.extend(first.kvitteringer.iter().map(|k| k.id.clone()));
    // The consumer stores the cursor as text and a new process picks it up.
    let stored = first.cursor.clone().unwrap().to_string();
    let cursor: KvitteringCursor = stored.parse().unwrap();
    let second = client
        .poll_kvitteringer_max(Some(&cursor), Some(4))
        .await
        .unwrap();
    assert_eq!(second.kvitteringer.len(), 2);
    assert!(!second.more);
    seen.extend(second.kvitteringer.iter().map(|k| k.id.clone()));
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 6, "every receipt exactly once");

    // Caught up: nothing new, the cursor stays put.
    let idle = client
        .poll_kvitteringer(second.cursor.as_ref())
        .await
        .unwrap();
    assert!(idle.kvitteringer.is_empty());
    assert_eq!(idle.cursor, second.cursor);

    // A new receipt after that shows up once.
    let c = client
        .create_utbetaling(&grant("50.00", d(3, 2)))
        .await
        .unwrap();
    assert!(mock.reject(c.id.as_str(), "AC04", "Kontoen er avsluttet"));
    let next = client
        .poll_kvitteringer(idle.cursor.as_ref())
        .await
        .unwrap();
    assert_eq!(next.kvitteringer.len(), 1);
    let k = &next.kvitteringer[0];
    assert_eq!(k.kind, Kvitteringstype::Avvisningsretur);
    assert_eq!(k.statuskode, Some(Transaksjonsstatus::RJCT));
    assert_eq!(k.aarsakskode, Some(Aarsakskode::AC04));
    assert_eq!(k.betaling_id, c.id.as_str());
    assert_eq!(next.cursor.as_ref(), Some(k.cursor()));

    // Receipts are linked to their payment.
    let for_b = client
        .list_utbetaling_kvitteringer(&b.id)
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    let kinds: Vec<_> = for_b.iter().map(|k| k.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            Kvitteringstype::Mottaksretur,
            Kvitteringstype::Avregningsretur
        ]
    );
    assert_eq!(for_b[1].beloep, Some(dec("200.00")));
    assert_eq!(for_b[1].egen_referanse.as_deref(), Some("B"));
    let for_f = client
        .list_fakturautbetaling_kvitteringer(&f.id)
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(for_f.len(), 2);
    assert!(
        for_f
            .iter()
            .all(|k| k.betalingstype == Betalingstype::Fakturautbetaling)
    );

    let err = client
        .poll_kvitteringer(Some(&"not-a-cursor".parse().unwrap()))
        .await
        .unwrap_err();
    assert_eq!(err.code_as::<ErrorCode>(), Some(ErrorCode::InvalidCursor));
}

#[tokio::test]
async fn reconciliation_is_computed_from_the_ledger() {
    let mock = MockOkonomi::builder().empty().start().await;
    mock.set_today(d(3, 10));
    let client = mock.client().await.unwrap();
    let ok = client
        .create_utbetaling(&grant("1000.00", d(3, 2)).egen_referanse("OK"))
        .await
        .unwrap();
    let short = client
        .create_utbetaling(&grant("2000.00", d(3, 3)).egen_referanse("SHORT"))
        .await
        .unwrap();
    let rejected = client
        .create_utbetaling(&grant("300.50", d(3, 4)))
        .await
        .unwrap();
    let late = client
        .create_utbetaling(&grant("0.10", d(3, 5)).egen_referanse("LATE"))
        .await
        .unwrap();
    let cancelled = client
        .create_utbetaling(&grant("99.99", d(3, 6)))
        .await
        .unwrap();
    let f = client
        .create_fakturautbetaling(&invoice("F-1", "12345678901.99"))
        .await
        .unwrap();
    let _outside = client
        .create_utbetaling(&grant("5.00", d(4, 1)))
        .await
        .unwrap();

    mock.settle_with_amount(short.id.as_str(), dec("1999.00"));
    for id in [ok.id.as_str(), short.id.as_str(), f.id.as_str()] {
        mock.advance(id);
        mock.advance(id);
    }
    mock.reject(rejected.id.as_str(), "AC01", "Ugyldig kontonummer");
    mock.advance(late.id.as_str());
    client.cancel_utbetaling(&cancelled.id).await.unwrap();

    let a = client.get_avstemming(d(3, 1), d(3, 31)).await.unwrap();
    assert_eq!(a.antall, 6);
    assert_eq!(
        a.for_status(&Betalingsstatus::Avregnet),
        (3, dec("12345681901.99"))
    );
    assert_eq!(a.for_status(&Betalingsstatus::Avvist), (1, dec("300.50")));
    assert_eq!(a.for_status(&Betalingsstatus::Mottatt), (1, dec("0.10")));
    assert_eq!(
        a.for_status(&Betalingsstatus::Kansellert),
        (1, dec("99.99"))
    );
    assert_eq!(
        a.for_status(&Betalingsstatus::Registrert),
        (0, Decimal::ZERO)
    );
    assert_eq!(a.sum_bestilt, dec("12345682202.59"));
    assert_eq!(a.sum_avregnet, dec("12345681900.99"));
    assert!(!a.is_balanced());
    let mut avvik: Vec<_> = a
        .avvik
        .iter()
        .map(|v| (v.kind.clone(), v.betaling_id.clone()))
        .collect();
    avvik.sort_by(|x, y| x.1.cmp(&y.1));
    assert_eq!(
        avvik,
        vec![
            (Avvikstype::Beloepsavvik, short.id.to_string()),
            (Avvikstype::Avvist, rejected.id.to_string()),
            (Avvikstype::IkkeAvregnet, late.id.to_string()),
        ]
    );
    let short_avvik = a
        .avvik
        .iter()
        .find(|v| v.kind == Avvikstype::Beloepsavvik)
        .unwrap();
    assert_eq!(
        (short_avvik.forventet_beloep, short_avvik.avregnet_beloep),
        (dec("2000.00"), Some(dec("1999.00")))
    );

    let day = client.get_avstemming_for_day(d(3, 2)).await.unwrap();
    assert_eq!(day.antall, 1);
    assert!(day.is_balanced());

    let err = client.get_avstemming(d(3, 31), d(3, 1)).await.unwrap_err();
    assert_eq!(err.field(), Some("tilDato"));
}

#[tokio::test]
async fn deductions_are_created_listed_applied_at_settlement_and_stopped() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let ny = NyTrekk::mot_organisasjon(
        ORG,
        "Frisklivssentralen i Vik",
        Trekktype::Tilbakekreving,
        dec("2500.00"),
        d(1, 1),
    )
    .til_dato(d(12, 31))
    .referanse("VEDTAK-2025-311");
    mock.server()
        .inject(Fault::drop_after_commit().on("POST", "/trekk"));
    let t = client.create_trekk(&ny).await.unwrap();
    assert_eq!(
        mock.trekk().len(),
        1,
        "one deduction after the lost response"
    );
    assert_eq!(t.status, Trekkstatus::Aktiv);
    assert_eq!(t.kind, Trekktype::Tilbakekreving);
    assert_eq!(t.gjenstaaende_beloep, Some(dec("2500.00")));

    // Two payments to the same payee: the first absorbs 2000, the second the remaining 500.
    let p1 = client
        .create_utbetaling(&grant("2000.00", d(3, 2)))
        .await
        .unwrap();
    let p2 = client
        .create_utbetaling(&grant("1000.00", d(3, 3)))
        .await
        .unwrap();
    mock.settle_all();
    let p1 = client.get_utbetaling(&p1.id).await.unwrap();
    let p2 = client.get_utbetaling(&p2.id).await.unwrap();
    assert_eq!(p1.avregnet_beloep, Some(dec("0.00")));
    assert_eq!(p1.trukket_beloep(), dec("2000.00"));
    assert_eq!(p2.avregnet_beloep, Some(dec("500.00")));
    assert_eq!(p2.trekk[0].trekk_id, t.id);
    let t = client.get_trekk(&t.id).await.unwrap();
    assert_eq!(t.status, Trekkstatus::Fullfoert);
    assert_eq!(t.gjenstaaende_beloep, Some(Decimal::ZERO));
    let err = client.stop_trekk(&t.id).await.unwrap_err();
    assert_eq!(err.code_as::<ErrorCode>(), Some(ErrorCode::InvalidState));

    let a = client.get_avstemming(d(3, 1), d(3, 31)).await.unwrap();
    assert_eq!(a.sum_trukket, dec("2500.00"));
    assert!(a.is_balanced(), "{:?}", a.avvik);

    // Stop an active one; it is then no longer applied.
    let t2 = client
        .create_trekk(&NyTrekk::mot_organisasjon(
            ORG,
            "Frisklivssentralen i Vik",
            Trekktype::Motregning,
            dec("100.00"),
            d(1, 1),
        ))
        .await
        .unwrap();
    let stopped = client.stop_trekk(&t2.id).await.unwrap();
    assert_eq!(stopped.status, Trekkstatus::Stoppet);
    assert!(stopped.stoppet.is_some());
    let p3 = client
        .create_utbetaling(&grant("400.00", d(3, 4)))
        .await
        .unwrap();
    mock.settle_all();
    assert_eq!(
        client.get_utbetaling(&p3.id).await.unwrap().avregnet_beloep,
        Some(dec("400.00"))
    );

    let active = client
        .list_trekk(&TrekkFilter::new().status(Trekkstatus::Stoppet))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].id, t2.id);
    assert_eq!(
        client
            .list_trekk(&TrekkFilter::new())
            .unwrap()
            .collect_all()
            .await
            .unwrap()
            .len(),
        2
    );

    let err = client
        .create_trekk(&NyTrekk::mot_person(
            "01819010001",
            "Kari",
            Trekktype::Utleggstrekk,
            dec("0"),
            d(1, 1),
        ))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("beloep"));
}

#[tokio::test]
async fn demo_data_seeds_a_consistent_ledger() {
    let mock = MockOkonomi::start().await;
    assert_eq!(mock.utbetalinger().len(), 2);
    assert_eq!(mock.fakturautbetalinger().len(), 1);
    assert_eq!(mock.trekk().len(), 1);
    assert_eq!(mock.kvitteringer().len(), 3);
    let client = mock.client().await.unwrap();
    let settled = client
        .list_utbetalinger(&BetalingFilter::new().status(Betalingsstatus::Avregnet))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(settled.len(), 1);
    assert_eq!(settled[0].egen_referanse.as_deref(), Some("TS-2026-0001"));
}
