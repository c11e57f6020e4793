//! Paginated list operations (`x-pagination`) as streams: of pages, or of the items of every
//! page. Pages are fetched one at a time, only as the caller pulls, and the stream ends when
//! the generated `next` says there is nothing more (an empty or short page, or the total
//! reached).

use std::future::Future;

use futures_util::stream::{self, Stream, TryStreamExt};

/// The pages of a paginated operation: fetches `first`, then each request `next` derives from
/// the previous request and its page, until `next` returns `None` or a fetch fails (the error
/// is the last item).
pub fn pages<Req, Page, E, F, Fut, N>(
    first: Req,
    fetch: F,
    next: N,
) -> impl Stream<Item = Result<Page, E>>
where
    F: FnMut(Req) -> Fut,
    Fut: Future<Output = Result<Page, E>>,
    N: FnMut(&Req, &Page) -> Option<Req>,
    Req: Clone,
{
    stream::unfold((Some(first), fetch, next), |(request, mut fetch, mut next)| async move {
        let request = request?;
        match fetch(request.clone()).await {
            Ok(page) => {
                let following = next(&request, &page);
                Some((Ok(page), (following, fetch, next)))
            }
            Err(e) => Some((Err(e), (None, fetch, next))),
        }
    })
}

/// The items of every page of `pages`, in order; `items` takes a page's items out.
pub fn items<Page, Item, E, I>(
    pages: impl Stream<Item = Result<Page, E>>,
    items: I,
) -> impl Stream<Item = Result<Item, E>>
where
    I: Fn(Page) -> Vec<Item>,
{
    pages.map_ok(move |page| stream::iter(items(page).into_iter().map(Ok))).try_flatten()
}

/// Whether a page that brought `count` items, after `seen` items before it, may have a
/// successor: it is not empty, not shorter than the page size asked for, and the total (if
/// the service states it) is not reached.
pub fn more(count: usize, seen: i64, size: Option<i64>, total: Option<i64>) -> bool {
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    count > 0
        && size.is_none_or(|size| count >= size)
        && total.is_none_or(|total| seen.saturating_add(count) < total)
}

/// A page parameter or count as `i64` (generated code pages with `i32` and `i64` fields alike).
pub fn to_i64(value: impl Into<i64>) -> i64 {
    value.into()
}

/// `value` as the type of a page parameter, if it fits.
pub fn from_i64<T: TryFrom<i64>>(value: i64) -> Option<T> {
    T::try_from(value).ok()
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;

    use super::*;

    #[tokio::test]
    async fn offset_pages_until_the_total() {
        let data: Vec<u32> = (0..25).collect();
        let fetched = std::sync::Mutex::new(Vec::new());
        let fetch = |offset: i64| {
            fetched.lock().unwrap().push(offset);
            let start = usize::try_from(offset).unwrap();
            let page: Vec<u32> = data.iter().skip(start).take(10).copied().collect();
            async move { Ok::<_, String>(page) }
        };
        let next = |offset: &i64, page: &Vec<u32>| {
            more(page.len(), *offset, Some(10), Some(25)).then(|| offset + 10)
        };
        let all: Vec<u32> = items(pages(0_i64, fetch, next), |p| p).try_collect().await.unwrap();
        assert_eq!(all, data);
        assert_eq!(*fetched.lock().unwrap(), vec![0, 10, 20], "no request past the total");
    }

    #[tokio::test]
    async fn an_error_ends_the_stream() {
        let fetch = |n: i64| async move { if n < 2 { Ok(vec![n]) } else { Err("boom") } };
        let next = |n: &i64, _: &Vec<i64>| Some(n + 1);
        let got: Vec<Result<i64, &str>> = items(pages(0_i64, fetch, next), |p| p).collect().await;
        assert_eq!(got, vec![Ok(0), Ok(1), Err("boom")]);
    }

    #[test]
    fn more_stops_on_empty_short_or_total() {
        assert!(!more(0, 0, None, None));
        assert!(!more(5, 0, Some(10), None));
        assert!(!more(10, 10, Some(10), Some(20)));
        assert!(more(10, 0, Some(10), Some(25)));
        assert!(more(3, 0, None, None));
    }
}
