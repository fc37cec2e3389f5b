use super::*;
use std::sync::{Arc, Mutex};

#[derive(Clone, Debug, Default)]
struct Input {
    token: Option<String>,
}

#[derive(Debug, PartialEq)]
struct Output {
    token: Option<String>,
    items: Vec<u32>,
}

/// A canned page: its token and items, or an error.
type Page = Result<(Option<&'static str>, Vec<u32>), &'static str>;
/// The token of every request sent.
type Sent = Arc<Mutex<Vec<Option<String>>>>;

/// A fake service answering with `pages` in order (the last one again when they run out), and
/// recording the token of every request.
fn service(
    pages: Vec<Page>,
) -> (
    impl FnMut(Input) -> std::future::Ready<Result<Output, String>> + Send + 'static,
    Sent,
) {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let record = sent.clone();
    let mut index = 0;
    let send = move |input: Input| {
        record.lock().unwrap().push(input.token);
        let page = pages[index.min(pages.len() - 1)].clone();
        index += 1;
        std::future::ready(
            page.map(|(token, items)| Output {
                token: token.map(str::to_string),
                items,
            })
            .map_err(str::to_string),
        )
    };
    (send, sent)
}

fn stream(
    input: Result<Input, String>,
    settings: PageSettings,
    send: impl FnMut(Input) -> std::future::Ready<Result<Output, String>> + Send + 'static,
) -> PaginationStream<Result<Output, String>> {
    PaginationStream::pages(
        input,
        settings,
        send,
        |input: &Input| input.token.clone(),
        |input: &mut Input, token| input.token = token,
        |output: &Output| output.token.clone(),
    )
}

fn run<T>(future: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(future)
}

#[test]
fn follows_tokens_until_one_is_absent() {
    let (send, sent) = service(vec![
        Ok((Some("a"), vec![1])),
        Ok((Some("b"), vec![2, 3])),
        Ok((None, vec![4])),
    ]);
    let pages =
        run(stream(Ok(Input::default()), PageSettings::default(), send).try_collect()).unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(
        *sent.lock().unwrap(),
        [None, Some("a".to_string()), Some("b".to_string())]
    );
}

#[test]
fn an_empty_token_ends_the_stream() {
    let (send, sent) = service(vec![Ok((Some("a"), vec![1])), Ok((Some(""), vec![2]))]);
    let items = run(stream(Ok(Input::default()), PageSettings::default(), send)
        .flat_map_items(|page| page.items)
        .try_collect());
    assert_eq!(items, Ok(vec![1, 2]));
    assert_eq!(sent.lock().unwrap().len(), 2);
}

#[test]
fn stops_when_the_service_repeats_the_token() {
    // A buggy service that always answers with the same token.
    let (send, sent) = service(vec![Ok((Some("same"), vec![1]))]);
    let pages: Vec<_> = run(stream(Ok(Input::default()), PageSettings::default(), send).collect());
    // The first page brings the token, the second repeats it: two requests, then the end.
    assert_eq!(pages.len(), 2);
    assert_eq!(*sent.lock().unwrap(), [None, Some("same".to_string())]);
}

#[test]
fn a_repeated_token_can_be_followed_when_asked() {
    let (send, sent) = service(vec![
        Ok((Some("same"), vec![1])),
        Ok((Some("same"), vec![2])),
        Ok((Some("same"), vec![3])),
        Ok((None, vec![4])),
    ]);
    let settings = PageSettings::default().stop_on_duplicate_token(false);
    let pages = run(stream(Ok(Input::default()), settings, send).try_collect()).unwrap();
    assert_eq!(pages.len(), 4);
    assert_eq!(sent.lock().unwrap().len(), 4);
}

#[test]
fn a_caller_supplied_starting_token_counts_as_sent() {
    let (send, sent) = service(vec![Ok((Some("start"), vec![1]))]);
    let input = Input {
        token: Some("start".into()),
    };
    let pages = run(stream(Ok(input), PageSettings::default(), send).try_collect()).unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(*sent.lock().unwrap(), [Some("start".to_string())]);
}

#[test]
fn an_error_is_yielded_and_ends_the_stream() {
    let (send, sent) = service(vec![Ok((Some("a"), vec![1])), Err("boom")]);
    let mut pages = stream(Ok(Input::default()), PageSettings::default(), send);
    run(async {
        assert!(pages.next().await.unwrap().is_ok());
        assert_eq!(pages.next().await.unwrap(), Err("boom".to_string()));
        assert!(pages.next().await.is_none());
        assert!(pages.next().await.is_none());
    });
    assert_eq!(sent.lock().unwrap().len(), 2);
}

#[test]
fn try_collect_stops_at_the_first_error_and_collect_keeps_everything() {
    let (send, _) = service(vec![Ok((Some("a"), vec![1])), Err("boom")]);
    let result = run(stream(Ok(Input::default()), PageSettings::default(), send).try_collect());
    assert_eq!(result, Err("boom".to_string()));
    let (send, _) = service(vec![Ok((Some("a"), vec![1])), Err("boom")]);
    let all: Vec<_> = run(stream(Ok(Input::default()), PageSettings::default(), send).collect());
    assert_eq!(all.len(), 2);
    assert!(all[0].is_ok() && all[1].is_err());
}

#[test]
fn an_input_that_fails_to_build_is_the_only_item_and_nothing_is_sent() {
    let (send, sent) = service(vec![Ok((None, vec![1]))]);
    let mut pages = stream(Err("bad input".into()), PageSettings::default(), send);
    run(async {
        assert_eq!(pages.try_next().await, Err("bad input".to_string()));
        assert_eq!(pages.try_next().await, Ok(None));
    });
    assert!(sent.lock().unwrap().is_empty());
}

#[test]
fn nothing_is_sent_until_the_stream_is_read() {
    let (send, sent) = service(vec![Ok((None, vec![1]))]);
    let pages = stream(Ok(Input::default()), PageSettings::default(), send);
    assert!(sent.lock().unwrap().is_empty());
    assert_eq!(format!("{pages:?}"), "PaginationStream");
}

#[test]
fn items_skip_empty_pages() {
    let (send, _) = service(vec![
        Ok((Some("a"), vec![])),
        Ok((Some("b"), vec![])),
        Ok((None, vec![7])),
    ]);
    let items = run(stream(Ok(Input::default()), PageSettings::default(), send)
        .flat_map_items(|page| page.items)
        .try_collect());
    assert_eq!(items, Ok(vec![7]));
}

#[test]
fn map_tokens_end_when_empty() {
    let mut empty = HashMap::<String, String>::new();
    assert!(PaginationToken::is_empty(&empty));
    empty.insert("k".into(), "v".into());
    assert!(!PaginationToken::is_empty(&empty));
}

#[tokio::test]
async fn pending_requests_are_polled_to_completion() {
    // A send whose future is not ready at once.
    let send = |input: Input| async move {
        tokio::task::yield_now().await;
        let token = match input.token.as_deref() {
            None => Some("1".to_string()),
            _ => None,
        };
        Ok::<_, String>(Output {
            token,
            items: vec![1],
        })
    };
    let pages = PaginationStream::pages(
        Ok(Input::default()),
        PageSettings::default(),
        send,
        |input: &Input| input.token.clone(),
        |input: &mut Input, token| input.token = token,
        |output: &Output| output.token.clone(),
    );
    assert_eq!(pages.try_collect().await.unwrap().len(), 2);
}
