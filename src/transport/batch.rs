//! Splits a stream of serialized items into request bodies bounded by item count and bytes.

/// One serialized item (a JSON object) and the caller's id for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub body: Vec<u8>,
}

/// Bytes of a JSON array of these items: `[` + items joined by `,` + `]`.
pub fn request_size(items: &[Item]) -> usize {
    2 + items.iter().map(|i| i.body.len()).sum::<usize>() + items.len().saturating_sub(1)
}

/// Groups items in order into batches of at most `max_items` items and `max_bytes` bytes.
/// An item that alone exceeds `max_bytes` cannot ever be sent: it is returned apart.
pub fn split(items: Vec<Item>, max_items: usize, max_bytes: usize) -> (Vec<Vec<Item>>, Vec<Item>) {
    let mut batches = Vec::new();
    let mut oversized = Vec::new();
    let mut current: Vec<Item> = Vec::new();
    let mut bytes = 2;
    for item in items {
        if item.body.len() + 2 > max_bytes {
            oversized.push(item);
            continue;
        }
        let added = item.body.len() + usize::from(!current.is_empty());
        if !current.is_empty() && (current.len() >= max_items || bytes + added > max_bytes) {
            batches.push(std::mem::take(&mut current));
            bytes = 2;
        }
        bytes += item.body.len() + usize::from(!current.is_empty());
        current.push(item);
    }
    if !current.is_empty() {
        batches.push(current);
    }
    (batches, oversized)
}

/// The request body for a batch.
pub fn body(items: &[Item]) -> Vec<u8> {
    let mut out = Vec::with_capacity(request_size(items));
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(&item.body);
    }
    out.push(b']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: usize, size: usize) -> Item {
        Item { id: id.to_string(), body: vec![b'1'; size] }
    }

    #[test]
    fn batches_respect_count_and_bytes_and_keep_order() {
        let items: Vec<Item> = (0..10).map(|i| item(i, 10)).collect();
        let (batches, oversized) = split(items.clone(), 4, 1000);
        assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4, 2]);
        assert!(oversized.is_empty());
        // 3 items of 10 bytes = 2 + 30 + 2 = 34 bytes; a 4th would make 45
        let (batches, _) = split(items, 100, 40);
        assert!(batches.iter().all(|b| request_size(b) <= 40));
        let ids: Vec<String> = batches.concat().into_iter().map(|i| i.id).collect();
        assert_eq!(ids, (0..10).map(|i| i.to_string()).collect::<Vec<_>>());
    }

    #[test]
    fn an_item_too_big_for_any_request_is_set_apart() {
        let (batches, oversized) = split(vec![item(0, 10), item(1, 500), item(2, 10)], 10, 100);
        assert_eq!(oversized.len(), 1);
        assert_eq!(oversized[0].id, "1");
        assert_eq!(batches.len(), 1);
    }

    #[test]
    fn body_is_a_json_array() {
        let items = vec![Item { id: "a".into(), body: b"{\"x\":1}".to_vec() }, Item { id: "b".into(), body: b"{}".to_vec() }];
        assert_eq!(body(&items), b"[{\"x\":1},{}]");
        assert_eq!(body(&items).len(), request_size(&items));
    }
}
