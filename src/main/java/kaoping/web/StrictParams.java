package kaoping.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.Function;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * Path, query and form parameters are read as the contract types them. A malformed value is the caller's mistake: 400
 * naming the parameter, not the 404 JAX-RS gives by default, and never a silent default (Boolean.valueOf("maybe")
 * is false).
 */
@Provider
public class StrictParams implements ParamConverterProvider {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType == UUID.class) {
            return (ParamConverter<T>) converter(rawType, UUID::fromString);
        }
        if (rawType == Integer.class) {
            return (ParamConverter<T>) converter(rawType, Integer::valueOf);
        }
        if (rawType == OffsetDateTime.class) {
            return (ParamConverter<T>) converter(rawType, value -> {
                try {
                    return OffsetDateTime.parse(value);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(value, e);
                }
            });
        }
        if (rawType == Boolean.class) {
            return (ParamConverter<T>) converter(rawType, value -> switch (value) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException(value);
            });
        }
        if (rawType.isEnum()) {
            return (ParamConverter<T>) converter(rawType, value -> {
                for (Object constant : rawType.getEnumConstants()) {
                    if (constant.toString().equals(value)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException(value);
            });
        }
        return null;
    }

    private static <T> ParamConverter<T> converter(Class<?> type, Function<String, T> parse) {
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                try {
                    return value == null ? null : parse.apply(value);
                } catch (IllegalArgumentException e) {
                    throw new WebApplicationException(new InvalidParam(value, type), 400);
                }
            }

            @Override
            public String toString(T value) {
                return value.toString();
            }
        };
    }

    /** The parameter's name is not known here; the mapper finds it by its value in the request's URI or form. */
    static final class InvalidParam extends RuntimeException {
        final String value;
        final transient Class<?> type;

        InvalidParam(String value, Class<?> type) {
            super(null, null, false, false);
            this.value = value;
            this.type = type;
        }
    }
}
