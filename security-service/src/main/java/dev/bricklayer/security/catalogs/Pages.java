package dev.bricklayer.security.catalogs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * Unity Catalog's list pagination (reference §7.8.2): a page may be empty and still carry a {@code next_page_token},
 * which is "the only indication that the end of results has been reached" when absent; every page is fetched.
 */
final class Pages {

    /** One page: its items and the token of the next, {@code null} or empty after the last. */
    record Page<T>(List<T> items, String next) {
    }

    private Pages() {
    }

    /** Every item, fetching {@code page(token)} from {@code null} (the first page) until no token is left. */
    static <T> Mono<List<T>> all(Function<String, Mono<Page<T>>> page) {
        return collect(page, null, new ArrayList<>());
    }

    private static <T> Mono<List<T>> collect(Function<String, Mono<Page<T>>> page, String token, List<T> found) {
        return page.apply(token).defaultIfEmpty(new Page<>(List.of(), null)).flatMap(current -> {
            found.addAll(current.items());
            return current.next() == null || current.next().isEmpty() ? Mono.just(List.copyOf(found))
                    : collect(page, current.next(), found);
        });
    }
}
