package dev.bricklayer.common.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.web.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.json.Jackson2JsonDecoder;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.messaging.EventReader;

/**
 * How every service's REST API reads JSON and answers errors: request bodies are decoded strictly, the way event
 * bodies are ({@link EventReader#strict}: no trailing tokens, no duplicate keys, nesting at most
 * {@value EventReader#MAX_NESTING} deep; the size stays bounded by {@code spring.codec.max-in-memory-size}, 256 KB
 * unless set), and every error is a problem detail ({@link ApiExceptionHandler}). Responses are written by Spring
 * Boot's {@code ObjectMapper} as before.
 */
@AutoConfiguration(after = {JacksonAutoConfiguration.class, CodecsAutoConfiguration.class}, before = WebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ApiErrorsAutoConfiguration {

    /** After Spring Boot's Jackson codec customizer (order 0), whose decoder it replaces. */
    @Bean
    @Order(10)
    public CodecCustomizer strictJsonDecoder(ObjectMapper mapper) {
        return configurer -> configurer.defaultCodecs().jackson2JsonDecoder(new Jackson2JsonDecoder(EventReader.strict(mapper)));
    }

    @Bean
    @ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
    public ApiExceptionHandler apiExceptionHandler() {
        return new ApiExceptionHandler();
    }
}
