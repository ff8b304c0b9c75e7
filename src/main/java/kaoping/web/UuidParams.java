package kaoping.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * A malformed UUID in a path or query parameter is the caller's mistake, so it is a 400 naming the parameter rather
 * than the 404 JAX-RS gives by default.
 */
@Provider
public class UuidParams implements ParamConverterProvider {
    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != UUID.class) {
            return null;
        }
        return (ParamConverter<T>) new ParamConverter<UUID>() {
            @Override
            public UUID fromString(String value) {
                try {
                    return value == null ? null : UUID.fromString(value);
                } catch (IllegalArgumentException e) {
                    throw new WebApplicationException(new InvalidUuid(value), 400);
                }
            }

            @Override
            public String toString(UUID value) {
                return value.toString();
            }
        };
    }

    /** The parameter's name is not known here; the mapper finds it by its value in the request's URI. */
    static final class InvalidUuid extends RuntimeException {
        final String value;

        InvalidUuid(String value) {
            super(null, null, false, false);
            this.value = value;
        }
    }
}
