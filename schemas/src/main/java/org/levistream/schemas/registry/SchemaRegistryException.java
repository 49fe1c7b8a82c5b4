package org.levistream.schemas.registry;

/**
 * A schema registry request failed: the registry answered with an error, or no registry URL answered at all.
 *
 * <p>Carries Confluent's error fields: the HTTP status and the registry's {@code error_code} (e.g. 40403, schema
 * not found; 409, incompatible schema). When no URL answered, {@link #httpStatus()} is 0 and the cause is the last
 * connection error. Unchecked, like Kafka's own exceptions: every {@link SchemaRegistryClient} method may throw it.
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Confluent: subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent: version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent: schema (id, or schema under a subject) not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent: the subject was soft-deleted. */
    public static final int SUBJECT_SOFT_DELETED = 40404;
    /** Confluent: a permanent delete needs a soft delete first. */
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    /** Confluent: no compatibility level is set on the subject itself. */
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** Confluent: the schema is incompatible with an earlier version (HTTP 409). */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Confluent: the schema does not parse. */
    public static final int INVALID_SCHEMA = 42201;

    private final int httpStatus;
    private final int errorCode;
    private final String url;

    /**
     * @param message    the registry's message, or ours when no URL answered
     * @param httpStatus the HTTP status, 0 when no response came
     * @param errorCode  Confluent's {@code error_code}, 0 when there was none
     * @param url        the request URL without credentials
     * @param cause      the last connection error, or {@code null}
     */
    public SchemaRegistryException(String message, int httpStatus, int errorCode, String url, Throwable cause) {
        super(describe(message, httpStatus, errorCode, url), cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.url = url;
    }

    /** The HTTP status of the failed response; 0 when no registry answered. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's {@code error_code} from the response body; 0 when there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** The request URL (credentials removed). */
    public String url() {
        return url;
    }

    /** The subject, version or schema asked for does not exist (HTTP 404). */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /** The schema id, or the schema under the subject, is unknown (40403). */
    public boolean isSchemaNotFound() {
        return errorCode == SCHEMA_NOT_FOUND;
    }

    /** The subject does not exist (40401). */
    public boolean isSubjectNotFound() {
        return errorCode == SUBJECT_NOT_FOUND;
    }

    /** The schema breaks the subject's compatibility rule (HTTP 409). */
    public boolean isIncompatible() {
        return httpStatus == 409 || errorCode == INCOMPATIBLE_SCHEMA;
    }

    /** The schema is not valid Avro (42201). */
    public boolean isInvalidSchema() {
        return errorCode == INVALID_SCHEMA;
    }

    /** No registry answered, or it failed on its side (5xx): worth retrying later, unlike a 4xx. */
    public boolean isRetriable() {
        return httpStatus == 0 || httpStatus >= 500;
    }

    private static String describe(String message, int httpStatus, int errorCode, String url) {
        String status = httpStatus == 0 ? "no response" : "HTTP " + httpStatus;
        String code = errorCode == 0 ? "" : ", error_code " + errorCode;
        return message + " (" + status + code + ", " + url + ")";
    }
}
