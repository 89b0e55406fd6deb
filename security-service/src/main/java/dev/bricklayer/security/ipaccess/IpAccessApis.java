package dev.bricklayer.security.ipaccess;

import reactor.core.publisher.Mono;

/** The calls the IP access list writes make in one workspace: the lists, and the setting that makes them take effect. */
public interface IpAccessApis {

    IpAccessListsClient ipAccessLists();

    /** Sets {@code enableIpAccessLists} to {@code "true"}: the lists take effect. */
    Mono<Void> enableIpAccessLists();
}
