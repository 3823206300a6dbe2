package io.tessera.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tessera.dicom.Tags;
import io.tessera.dicom.json.AttributePath;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkDataPathsTest {

    @Test
    void topLevelAndNestedPathsRoundTrip() {
        AttributePath pixelData = AttributePath.of(Tags.PixelData);
        assertEquals("bulkdata/7FE00010", BulkDataPaths.uriFor(pixelData));
        AttributePath nested = new AttributePath(List.of(new AttributePath.Item(0x00540016, 0),
                new AttributePath.Item(0x00400275, 12)), 0x00420011);
        assertEquals("bulkdata/00540016/0/00400275/12/00420011", BulkDataPaths.uriFor(nested));
        assertEquals(nested, BulkDataPaths.parse("00540016/0/00400275/12/00420011"));
        assertEquals(pixelData, BulkDataPaths.parse("7fe00010"));
    }

    @Test
    void anythingElseIsNotAPath() {
        for (String bad : new String[]{null, "", "7FE0001", "7FE00010/", "00540016/0", "00540016/01/7FE00010",
                "../7FE00010", "00540016/x/7FE00010"}) {
            assertNull(BulkDataPaths.parse(bad), bad);
        }
    }
}
