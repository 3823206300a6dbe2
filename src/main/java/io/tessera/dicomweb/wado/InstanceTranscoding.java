package io.tessera.dicomweb.wado;

import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.Frame;
import io.tessera.dicom.io.ReadOptions;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.rendered.StoredFrames;
import io.tessera.render.CannotDecodeException;
import io.tessera.render.PixelModule;
import io.tessera.render.Transcoder;
import io.tessera.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A stored instance re-encoded as Explicit VR Little Endian Part 10 with native Pixel Data, streamed: the elements
 * around the pixel data are read from the object without its frames, then each frame is read, decoded and written
 * before the next ({@link Transcoder#write}). Never the whole instance in memory.
 * <p>
 * {@link #prepare} decodes the first frame before anything is sent, so that an instance that cannot be decoded
 * is a 406; a later frame that fails cuts the response short (nothing else can be said once it has started).
 */
@ApplicationScoped
class InstanceTranscoding {
    @Inject
    WadoIndex index;
    @Inject
    StoredFrames storedFrames;
    @Inject
    BlobStore store;

    /** An instance ready to be written: its elements, frame locations and decoded first frame. */
    final class Prepared {
        private final StoredInstance instance;
        private final List<Frame> frames;
        private final StoredFrames.WithoutPixelData elements;
        private final PixelModule module;
        private final byte[] firstFrame;

        private Prepared(StoredInstance instance, List<Frame> frames, StoredFrames.WithoutPixelData elements,
                         PixelModule module, byte[] firstFrame) {
            this.instance = instance;
            this.frames = frames;
            this.elements = elements;
            this.module = module;
            this.firstFrame = firstFrame;
        }

        void write(OutputStream out) throws IOException {
            TransferSyntax syntax = elements.file().transferSyntax();
            Transcoder.write(elements.file(), frames.size(), number -> number == 0 ? firstFrame
                            : Transcoder.frame(module, syntax, storedFrames.frame(instance.objectKey(), frames.get(number))),
                    elements.bulkData(), out);
        }
    }

    /** Refuses (406) an instance whose syntax or pixel module cannot be decoded, without decoding a frame. */
    void requireTranscodable(StoredInstance instance) {
        refuseUndecodable(instance, () -> {
            TransferSyntax syntax = TransferSyntax.of(instance.transferSyntaxUid());
            List<Frame> frames = index.frames(instance.id());
            if (!frames.isEmpty()) {
                Transcoder.requireDecodable(storedFrames.module(instance.objectKey(), frames.get(0)), syntax);
            } else if (!Transcoder.canTranscode(syntax.uid())) {
                throw new CannotDecodeException(syntax.name() + " (" + syntax.uid() + ") cannot be re-encoded");
            }
            return null;
        });
    }

    /** Reads what writing the instance needs and decodes its first frame; 406 when that fails. */
    Prepared prepare(StoredInstance instance) {
        return refuseUndecodable(instance, () -> {
            String key = instance.objectKey();
            TransferSyntax syntax = TransferSyntax.of(instance.transferSyntaxUid());
            List<Frame> frames = index.frames(instance.id());
            if (frames.isEmpty()) {
                // No pixel data (or none located): the elements alone, large values left in the object.
                DicomFile file;
                try (InputStream in = store.get(key)) {
                    file = new DicomReader(in, ReadOptions.DEFAULTS.withStopAtPixelData(true)).read();
                }
                return new Prepared(instance, frames, new StoredFrames.WithoutPixelData(file,
                        (offset, length) -> store.getRange(key, offset, length)), PixelModule.of(file.dataset()), null);
            }
            PixelModule module = storedFrames.module(key, frames.get(0));
            Transcoder.requireDecodable(module, syntax);
            byte[] first = Transcoder.frame(module, syntax, storedFrames.frame(key, frames.get(0)));
            return new Prepared(instance, frames, storedFrames.withoutPixelData(key, instance.sizeBytes(), syntax, frames),
                    module, first);
        });
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException;
    }

    private static <T> T refuseUndecodable(StoredInstance instance, Step<T> step) {
        try {
            return step.run();
        } catch (CannotDecodeException e) {
            throw new DicomWebException(Status.NOT_ACCEPTABLE, "Instance " + instance.sopUid() + " cannot be sent as"
                    + " Explicit VR Little Endian: " + e.getMessage() + ". Accept transfer-syntax=* to receive it as"
                    + " stored.");
        } catch (IOException e) {
            throw new DicomWebException(Status.INTERNAL_SERVER_ERROR, "Instance " + instance.sopUid()
                    + " could not be read: " + e.getMessage());
        }
    }
}
