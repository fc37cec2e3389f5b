//! Paginators: the machinery behind the `into_paginator()` of every paginated operation.
//!
//! A generated paginator supplies the per-operation glue (how to send one page, where the
//! continuation token lives in the input and the output, where the items are) and gets back a
//! [`PaginationStream`], which sends one request per page, lazily, as the stream is read. The
//! stream ends after a page without a continuation token (absent or empty), after the first
//! error, or when the service returns the token it was just sent (a service bug that would
//! otherwise loop forever), unless that check is turned off.
//!
//! The stream's methods follow `aws_smithy_async::future::pagination_stream::PaginationStream`:
//! [`next`](PaginationStream::next), [`try_next`](PaginationStream::try_next),
//! [`collect`](PaginationStream::collect) and [`try_collect`](PaginationStream::try_collect).
//!
//! ```
//! use smithy_runtime::paginator::{PageSettings, PaginationStream};
//!
//! #[derive(Clone)]
//! struct Input { token: Option<String> }
//! struct Output { token: Option<String>, items: Vec<u32> }
//!
//! // A service with three pages: the token is the index of the next page.
//! let send = |input: Input| async move {
//!     let page: u32 = input.token.as_deref().map_or(0, |t| t.parse().unwrap());
//!     let token = (page < 2).then(|| (page + 1).to_string());
//!     Ok::<_, std::convert::Infallible>(Output { token, items: vec![page * 10, page * 10 + 1] })
//! };
//! let pages = PaginationStream::pages(
//!     Ok(Input { token: None }),
//!     PageSettings::default(),
//!     send,
//!     |input: &Input| input.token.clone(),
//!     |input: &mut Input, token| input.token = token,
//!     |output: &Output| output.token.clone(),
//! );
//! let items = pages.flat_map_items(|page| page.items);
//! # let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! # rt.block_on(async {
//! assert_eq!(items.try_collect().await, Ok(vec![0, 1, 10, 11, 20, 21]));
//! # });
//! ```

use std::collections::HashMap;
use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};

#[cfg(test)]
mod tests;

/// A continuation token: a string (the usual case) or, rarely, a map.
///
/// A token that [`is_empty`](PaginationToken::is_empty) ends the pagination like an absent one.
pub trait PaginationToken: Clone + PartialEq + Send + 'static {
    /// Whether the token is empty, which ends the pagination.
    fn is_empty(&self) -> bool;
}

impl PaginationToken for String {
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }
}

impl<K, V, S> PaginationToken for HashMap<K, V, S>
where
    K: Eq + std::hash::Hash + Clone + Send + 'static,
    V: PartialEq + Clone + Send + 'static,
    S: std::hash::BuildHasher + Clone + Send + 'static,
{
    fn is_empty(&self) -> bool {
        HashMap::is_empty(self)
    }
}

/// How a page stream behaves; see [`PaginationStream::pages`].
#[derive(Clone, Copy, Debug)]
pub struct PageSettings {
    stop_on_duplicate_token: bool,
}

impl Default for PageSettings {
    /// Stops when the service repeats the token it was sent.
    fn default() -> Self {
        Self {
            stop_on_duplicate_token: true,
        }
    }
}

impl PageSettings {
    /// Whether to stop when the service returns the same token twice in a row (the default).
    /// Turn it off only for operations that legitimately repeat a token, such as tailing a log.
    pub fn stop_on_duplicate_token(mut self, stop: bool) -> Self {
        self.stop_on_duplicate_token = stop;
        self
    }
}

/// The object-safe core of a stream: one item at a time, polled.
trait PollNext<Item>: Send {
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Item>>;
}

/// A stream of pages (or of items), read with [`next`](Self::next). Nothing is sent until it
/// is read.
pub struct PaginationStream<Item> {
    inner: Box<dyn PollNext<Item>>,
}

impl<Item> fmt::Debug for PaginationStream<Item> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PaginationStream")
    }
}

type SendFuture<Output, Error> = Pin<Box<dyn Future<Output = Result<Output, Error>> + Send>>;
/// Reads a token from an input or an output.
type GetToken<T, Token> = Box<dyn Fn(&T) -> Option<Token> + Send>;
/// Writes the token of an input.
type SetToken<Input, Token> = Box<dyn Fn(&mut Input, Option<Token>) + Send>;

enum PageState<Input, Output, Error> {
    /// The first request has not been sent yet; building the input may have failed.
    Start(Result<Input, Error>),
    /// A request is in flight; `Input` is what it was sent with.
    Sending(Input, SendFuture<Output, Error>),
    /// The next request can be sent with `Input`.
    Ready(Input),
    Done,
}

struct Pages<Input, Output, Error, Token> {
    state: PageState<Input, Output, Error>,
    settings: PageSettings,
    send: Box<dyn FnMut(Input) -> SendFuture<Output, Error> + Send>,
    input_token: GetToken<Input, Token>,
    set_input_token: SetToken<Input, Token>,
    output_token: GetToken<Output, Token>,
}

impl<Input, Output, Error, Token> Pages<Input, Output, Error, Token>
where
    Input: Clone + Send,
    Token: PaginationToken,
{
    fn start(&mut self, input: Input) {
        let future = (self.send)(input.clone());
        self.state = PageState::Sending(input, future);
    }
}

impl<Input, Output, Error, Token> PollNext<Result<Output, Error>>
    for Pages<Input, Output, Error, Token>
where
    Input: Clone + Send,
    Output: Send,
    Error: Send,
    Token: PaginationToken,
{
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Output, Error>>> {
        loop {
            match std::mem::replace(&mut self.state, PageState::Done) {
                PageState::Done => return Poll::Ready(None),
                PageState::Start(Err(error)) => return Poll::Ready(Some(Err(error))),
                PageState::Start(Ok(input)) | PageState::Ready(input) => self.start(input),
                PageState::Sending(mut input, mut future) => {
                    let result = match future.as_mut().poll(cx) {
                        Poll::Pending => {
                            self.state = PageState::Sending(input, future);
                            return Poll::Pending;
                        }
                        Poll::Ready(result) => result,
                    };
                    if let Ok(output) = &result {
                        let sent = (self.input_token)(&input);
                        match (self.output_token)(output) {
                            Some(token) if !token.is_empty() => {
                                let repeated = sent.as_ref() == Some(&token);
                                if !(repeated && self.settings.stop_on_duplicate_token) {
                                    (self.set_input_token)(&mut input, Some(token));
                                    self.state = PageState::Ready(input);
                                }
                            }
                            _ => {}
                        }
                    }
                    return Poll::Ready(Some(result));
                }
            }
        }
    }
}

struct FlatMap<Page, Error, Items: IntoIterator> {
    pages: PaginationStream<Result<Page, Error>>,
    map: Box<dyn FnMut(Page) -> Items + Send>,
    current: Option<Items::IntoIter>,
}

impl<Page, Error, Items> PollNext<Result<Items::Item, Error>> for FlatMap<Page, Error, Items>
where
    Items: IntoIterator,
    Items::IntoIter: Send,
{
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Items::Item, Error>>> {
        loop {
            if let Some(item) = self.current.as_mut().and_then(Iterator::next) {
                return Poll::Ready(Some(Ok(item)));
            }
            self.current = None;
            match self.pages.poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => self.current = Some((self.map)(page).into_iter()),
            }
        }
    }
}

impl<Output, Error> PaginationStream<Result<Output, Error>>
where
    Output: Send + 'static,
    Error: Send + 'static,
{
    /// A stream of pages.
    ///
    /// * `input`: the first request's input, or the error building it failed with (the
    ///   stream then yields that error alone).
    /// * `send`: sends one request.
    /// * `input_token` / `set_input_token`: read and write the continuation token of an input.
    /// * `output_token`: the continuation token of a page, if any.
    pub fn pages<Input, Token, SendPage, Fut>(
        input: Result<Input, Error>,
        settings: PageSettings,
        mut send: SendPage,
        input_token: impl Fn(&Input) -> Option<Token> + Send + 'static,
        set_input_token: impl Fn(&mut Input, Option<Token>) + Send + 'static,
        output_token: impl Fn(&Output) -> Option<Token> + Send + 'static,
    ) -> Self
    where
        Input: Clone + Send + 'static,
        Token: PaginationToken,
        SendPage: FnMut(Input) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Output, Error>> + Send + 'static,
    {
        Self {
            inner: Box::new(Pages {
                state: PageState::Start(input),
                settings,
                send: Box::new(move |input| Box::pin(send(input)) as SendFuture<Output, Error>),
                input_token: Box::new(input_token),
                set_input_token: Box::new(set_input_token),
                output_token: Box::new(output_token),
            }),
        }
    }

    /// A stream of the items of each page, in order: `map` takes a page and returns its items.
    /// An error ends the stream after it is yielded.
    pub fn flat_map_items<Items>(
        self,
        map: impl FnMut(Output) -> Items + Send + 'static,
    ) -> PaginationStream<Result<Items::Item, Error>>
    where
        Items: IntoIterator + 'static,
        Items::IntoIter: Send,
    {
        PaginationStream {
            inner: Box::new(FlatMap {
                pages: self,
                map: Box::new(map),
                current: None,
            }),
        }
    }
}

impl<Item> PaginationStream<Item> {
    /// The next page (or item), or `None` at the end. Sends a request when one is needed.
    pub async fn next(&mut self) -> Option<Item> {
        poll_fn(|cx| self.poll_next(cx)).await
    }

    /// Polls for the next page (or item).
    pub fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        self.inner.poll_next(cx)
    }

    /// Reads the whole stream: `collect::<Vec<_>>()` keeps every result,
    /// `collect::<Result<Vec<_>, _>>()` stops at the first error.
    pub async fn collect<C: Collectable<Item>>(mut self) -> C {
        let mut collection = C::initialize();
        while let Some(item) = self.next().await {
            if !C::extend(&mut collection, item) {
                break;
            }
        }
        C::finalize(collection)
    }
}

impl<T, E> PaginationStream<Result<T, E>> {
    /// The next page (or item), `Ok(None)` at the end.
    pub async fn try_next(&mut self) -> Result<Option<T>, E> {
        self.next().await.transpose()
    }

    /// Reads the whole stream, stopping at the first error.
    pub async fn try_collect(self) -> Result<Vec<T>, E> {
        self.collect::<Result<Vec<T>, E>>().await
    }
}

/// What [`PaginationStream::collect`] can gather into: `Vec<Item>`, or `Result<Vec<T>, E>`
/// for a stream of results.
pub trait Collectable<Item>: sealed::Sealed {
    #[doc(hidden)]
    type Collection;
    #[doc(hidden)]
    fn initialize() -> Self::Collection;
    /// Adds an item; returns `false` to stop reading.
    #[doc(hidden)]
    fn extend(collection: &mut Self::Collection, item: Item) -> bool;
    #[doc(hidden)]
    fn finalize(collection: Self::Collection) -> Self;
}

mod sealed {
    pub trait Sealed {}
    impl<T> Sealed for Vec<T> {}
    impl<T, E> Sealed for Result<Vec<T>, E> {}
}

impl<T> Collectable<T> for Vec<T> {
    type Collection = Vec<T>;

    fn initialize() -> Vec<T> {
        Vec::new()
    }

    fn extend(collection: &mut Vec<T>, item: T) -> bool {
        collection.push(item);
        true
    }

    fn finalize(collection: Vec<T>) -> Vec<T> {
        collection
    }
}

impl<T, E> Collectable<Result<T, E>> for Result<Vec<T>, E> {
    type Collection = Result<Vec<T>, E>;

    fn initialize() -> Self::Collection {
        Ok(Vec::new())
    }

    fn extend(collection: &mut Self::Collection, item: Result<T, E>) -> bool {
        match (collection.as_mut(), item) {
            (Ok(items), Ok(item)) => {
                items.push(item);
                true
            }
            (_, Err(error)) => {
                *collection = Err(error);
                false
            }
            (Err(_), Ok(_)) => false,
        }
    }

    fn finalize(collection: Self::Collection) -> Self {
        collection
    }
}
