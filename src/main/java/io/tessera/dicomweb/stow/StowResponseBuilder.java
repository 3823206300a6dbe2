package io.tessera.dicomweb.stow;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import io.tessera.dicom.json.DicomJsonWriter;
import io.tessera.dicom.json.JsonWriteOptions;
import io.tessera.ingest.FailureReason;
import io.tessera.ingest.StoreOutcome;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what became of each part of a store request and answers with the Store Instances Response Module
 * (PS3.18 Annex I, Table I.1-1) and the status of PS3.18 Table 10.5.3-1: 200 when every instance was stored as sent,
 * 202 when some were or warnings exist, 409 when none was, 400 when none was because the body itself is malformed.
 *
 * <p>Warnings: a de-identified instance was stored with changed values and UIDs, which PS3.4 B.2.3 calls Coercion of
 * Data Elements (Warning Reason B000); the item names the stored UIDs. A quarantined instance (held back until its
 * pixels are reviewed for burned-in text) has the same warning but no Retrieve URL, since no one can retrieve it,
 * and a Warning header says why.
 */
final class StowResponseBuilder {
    static final String DICOM_JSON = "application/dicom+json";
    /** Failure messages go to Warning headers (RFC 9111 5.5, code 299), a few at most. */
    private static final int MAX_WARNING_HEADERS = 10;
    /** PS3.4 Table B.2-1, Coercion of Data Elements. */
    private static final int COERCION_OF_DATA_ELEMENTS = 0xB000;
    private static final String QUARANTINED = "stored in quarantine, not published: its pixels may show burned-in "
            + "text (BurnedInAnnotation) and need review";

    private final String rootUrl;
    private final String requestedStudy;
    private final List<StoreOutcome> outcomes = new ArrayList<>();
    private boolean malformedBody;

    /**
     * @param rootUrl        absolute URL of the DICOMweb root the request came through, without a trailing slash
     * @param requestedStudy the study of the request path, or null
     */
    StowResponseBuilder(String rootUrl, String requestedStudy) {
        this.rootUrl = rootUrl;
        this.requestedStudy = requestedStudy;
    }

    void add(StoreOutcome outcome) {
        outcomes.add(outcome);
    }

    /** The body stopped making sense as multipart; parts stored before that stay stored. */
    void malformedBody(String problem) {
        malformedBody = true;
        outcomes.add(StoreOutcome.rejectedPart(FailureReason.CANNOT_UNDERSTAND,
                "malformed multipart body: " + problem));
    }

    Response build() {
        long stored = outcomes.stream().filter(StoreOutcome::isStored).count();
        boolean warnings = outcomes.stream().anyMatch(StoreOutcome::coerced);
        int status;
        if (stored == outcomes.size() && stored > 0 && !warnings) {
            status = 200;
        } else if (stored > 0) {
            status = 202;
        } else {
            status = malformedBody || outcomes.isEmpty() ? 400 : 409;
        }
        Response.ResponseBuilder response = Response.status(status).type(DICOM_JSON).entity(body());
        for (int i = 0, headers = 0; i < outcomes.size() && headers < MAX_WARNING_HEADERS; i++) {
            StoreOutcome outcome = outcomes.get(i);
            if (!outcome.isStored() || outcome.quarantined()) {
                String text = outcome.isStored() ? QUARANTINED : outcome.message();
                response.header("Warning", "299 tessera \"part " + (i + 1) + ": " + headerText(text) + "\"");
                headers++;
            }
        }
        return response.build();
    }

    private StreamingOutput body() {
        Dataset module = new Dataset();
        module.putStrings(Tags.RetrieveURL, Vr.UR, studyUrl());
        List<Dataset> referenced = new ArrayList<>();
        List<Dataset> failed = new ArrayList<>();
        for (StoreOutcome outcome : outcomes) {
            Dataset item = sopReference(outcome);
            if (outcome.isStored()) {
                if (!outcome.quarantined()) {
                    item.putStrings(Tags.RetrieveURL, Vr.UR, instanceUrl(outcome));
                }
                if (outcome.coerced()) {
                    item.put(Tags.WarningReason, Vr.US, unsignedShort(COERCION_OF_DATA_ELEMENTS));
                }
                referenced.add(item);
            } else {
                item.put(Tags.FailureReason, Vr.US, unsignedShort(outcome.failure().code()));
                failed.add(item);
            }
        }
        if (!failed.isEmpty()) {
            module.putSequence(Tags.FailedSOPSequence, failed);
        }
        if (!referenced.isEmpty()) {
            module.putSequence(Tags.ReferencedSOPSequence, referenced);
        }
        return output -> {
            try (DicomJsonWriter json = new DicomJsonWriter(output, JsonWriteOptions.DEFAULTS)) {
                json.write(module);
            }
        };
    }

    /** SOP Instance Reference Macro (PS3.3 Table 10-11), as far as the part could be read. */
    private static Dataset sopReference(StoreOutcome outcome) {
        Dataset item = new Dataset();
        if (outcome.sopClassUid() != null) {
            item.putStrings(Tags.ReferencedSOPClassUID, Vr.UI, outcome.sopClassUid());
        }
        if (outcome.sopInstanceUid() != null) {
            item.putStrings(Tags.ReferencedSOPInstanceUID, Vr.UI, outcome.sopInstanceUid());
        }
        return item;
    }

    /**
     * The study's URL: the one every published instance belongs to (after de-identification, the replacement of the
     * requested one), else the one requested unless de-identification renamed it; empty (Type 2) if none.
     */
    private String studyUrl() {
        List<String> studies = outcomes.stream().filter(o -> o.isStored() && !o.quarantined())
                .map(StoreOutcome::studyInstanceUid).distinct().toList();
        boolean renamed = outcomes.stream().anyMatch(StoreOutcome::coerced);
        String study = studies.size() == 1 ? studies.get(0) : renamed ? null : requestedStudy;
        return study == null ? "" : rootUrl + "/studies/" + study;
    }

    private String instanceUrl(StoreOutcome outcome) {
        return rootUrl + "/studies/" + outcome.studyInstanceUid() + "/series/" + outcome.seriesInstanceUid()
                + "/instances/" + outcome.sopInstanceUid();
    }

    private static Value unsignedShort(int value) {
        return new Value.Bytes(new byte[]{(byte) value, (byte) (value >>> 8)});
    }

    /** Printable ASCII without quotes or backslashes, so the text fits a quoted-string. */
    private static String headerText(String message) {
        String text = message == null ? "failed" : message.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "'");
        return text.length() <= 200 ? text : text.substring(0, 200);
    }
}
