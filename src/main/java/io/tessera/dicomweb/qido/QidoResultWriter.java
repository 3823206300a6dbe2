package io.tessera.dicomweb.qido;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import io.tessera.dicom.json.DicomJsonWriter;
import io.tessera.dicom.json.JsonWriteOptions;
import io.tessera.index.qido.IndexedAttribute;
import io.tessera.index.qido.QidoRows;
import io.tessera.index.qido.QueryLevel;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.Set;

/**
 * Streams one page of results as a DICOM JSON array (PS3.18 F.2): a small data set per row, written as soon as
 * the row is read. Attributes without a value in the index are written empty, as return keys must be present.
 */
final class QidoResultWriter {
    private static final String UTF_8_CHARACTER_SET = "ISO_IR 192";

    private final QueryLevel level;
    private final Set<IndexedAttribute> returned;
    private final String serviceRoot;

    /**
     * @param serviceRoot absolute URL of the DICOMweb root the request came through, for RetrieveURL
     */
    QidoResultWriter(QueryLevel level, Set<IndexedAttribute> returned, String serviceRoot) {
        this.level = level;
        this.returned = returned;
        this.serviceRoot = serviceRoot;
    }

    void write(QidoRows rows, OutputStream out) throws IOException, SQLException {
        DicomJsonWriter json = new DicomJsonWriter(out, JsonWriteOptions.DEFAULTS);
        json.writeArrayStart();
        while (rows.next()) {
            json.write(dataset(rows));
        }
        json.writeArrayEnd();
        json.flush();
    }

    private Dataset dataset(QidoRows rows) throws SQLException {
        IndexedAttribute[] attributes = returned.toArray(IndexedAttribute[]::new);
        String[] texts = new String[attributes.length];
        boolean ascii = true;
        for (int i = 0; i < attributes.length; i++) {
            texts[i] = rows.text(attributes[i]);
            ascii &= texts[i] == null || isAscii(texts[i]);
        }
        Dataset dataset = new Dataset();
        // Names are indexed as decoded Unicode text; anything beyond ASCII goes out as UTF-8 (PS3.18 F.2.1).
        if (!ascii) {
            dataset.putStrings(Tags.SpecificCharacterSet, Vr.CS, UTF_8_CHARACTER_SET);
        }
        for (int i = 0; i < attributes.length; i++) {
            put(dataset, attributes[i], texts[i]);
        }
        dataset.putStrings(Tags.RetrieveURL, Vr.UR, retrieveUrl(rows));
        return dataset;
    }

    private static void put(Dataset dataset, IndexedAttribute attribute, String text) {
        if (text == null) {
            dataset.put(attribute.tag(), attribute.vr(), Value.Bytes.EMPTY);
        } else if (attribute.vr() == Vr.US) {
            int number = Integer.parseInt(text);
            dataset.put(attribute.tag(), Vr.US, new Value.Bytes(new byte[] {(byte) number, (byte) (number >> 8)}));
        } else {
            dataset.putStrings(attribute.tag(), attribute.vr(), text);
        }
    }

    /** The WADO-RS URL of the study, series or instance of this row (PS3.18 10.6.3, Retrieve URL). */
    private String retrieveUrl(QidoRows rows) throws SQLException {
        StringBuilder url = new StringBuilder(serviceRoot)
                .append("/studies/").append(rows.text(IndexedAttribute.STUDY_INSTANCE_UID));
        if (level.includes(QueryLevel.SERIES)) {
            url.append("/series/").append(rows.text(IndexedAttribute.SERIES_INSTANCE_UID));
        }
        if (level.includes(QueryLevel.INSTANCE)) {
            url.append("/instances/").append(rows.text(IndexedAttribute.SOP_INSTANCE_UID));
        }
        return url.toString();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
