package io.tessera.dicomweb.rendered;

import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.io.Frame;
import io.tessera.dicom.multipart.MediaType;
import io.tessera.dicomweb.CollectionScope;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.dicomweb.Uids;
import io.tessera.index.FrameRanges;
import io.tessera.render.CannotDecodeException;
import io.tessera.render.FrameDecoder;
import io.tessera.render.ImageEncoder;
import io.tessera.render.ImageFormat;
import io.tessera.render.NativeFrame;
import io.tessera.render.PixelModule;
import io.tessera.render.RenderOptions;
import io.tessera.render.Renderer;
import io.tessera.render.Viewport;
import io.tessera.render.Window;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rendered resources (PS3.18 10.4.1.1.3 and 8.3.5.1) and thumbnails (PS3.18 10.4.1.1.4) at study, series,
 * instance and frame level, under both DICOMweb roots: one frame rendered to JPEG (the default), PNG or GIF with
 * the {@code window}, {@code viewport} and {@code quality} parameters. A study or series shows its representative
 * instance (the middle one, by instance number, of the first series with images); an instance its first frame.
 * Only the header and the one frame are read from the store. Thumbnails fit in 128x128 unless a viewport is given.
 */
@Path(CollectionScope.ROOT_TEMPLATE + "/studies")
public class RenderedResource {
    static final int THUMBNAIL_SIZE = 128;

    @Inject
    RenderedIndex index;
    @Inject
    StoredFrames storedFrames;

    @Context
    HttpHeaders headers;

    @PathParam("scope")
    String scopePath;
    @QueryParam("accept")
    String acceptParameter;
    @QueryParam("window")
    String windowParameter;
    @QueryParam("viewport")
    String viewportParameter;
    @QueryParam("quality")
    String qualityParameter;

    @GET
    @Path("{study}/rendered")
    public Response renderedStudy(@PathParam("study") String study) {
        return render(study, null, null, 1, false);
    }

    @GET
    @Path("{study}/series/{series}/rendered")
    public Response renderedSeries(@PathParam("study") String study, @PathParam("series") String series) {
        return render(study, series, null, 1, false);
    }

    @GET
    @Path("{study}/series/{series}/instances/{instance}/rendered")
    public Response renderedInstance(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance) {
        return render(study, series, instance, 1, false);
    }

    @GET
    @Path("{study}/series/{series}/instances/{instance}/frames/{frame}/rendered")
    public Response renderedFrame(@PathParam("study") String study, @PathParam("series") String series,
                                  @PathParam("instance") String instance, @PathParam("frame") String frame) {
        return render(study, series, instance, frameNumber(frame), false);
    }

    @GET
    @Path("{study}/thumbnail")
    public Response studyThumbnail(@PathParam("study") String study) {
        return render(study, null, null, 1, true);
    }

    @GET
    @Path("{study}/series/{series}/thumbnail")
    public Response seriesThumbnail(@PathParam("study") String study, @PathParam("series") String series) {
        return render(study, series, null, 1, true);
    }

    @GET
    @Path("{study}/series/{series}/instances/{instance}/thumbnail")
    public Response instanceThumbnail(@PathParam("study") String study, @PathParam("series") String series,
                                      @PathParam("instance") String instance) {
        return render(study, series, instance, 1, true);
    }

    @GET
    @Path("{study}/series/{series}/instances/{instance}/frames/{frame}/thumbnail")
    public Response frameThumbnail(@PathParam("study") String study, @PathParam("series") String series,
                                   @PathParam("instance") String instance, @PathParam("frame") String frame) {
        return render(study, series, instance, frameNumber(frame), true);
    }

    private Response render(String study, String series, String instance, int frameNumber, boolean thumbnail) {
        Uids.require(study, "Study Instance UID");
        if (series != null) {
            Uids.require(series, "Series Instance UID");
        }
        if (instance != null) {
            Uids.require(instance, "SOP Instance UID");
        }
        ImageFormat format = negotiate(accept());
        RenderOptions options = options(format, thumbnail);
        CollectionScope scope = CollectionScope.of(scopePath);
        RenderedIndex.Candidate candidate = index.representative(scope, study, series, instance);
        List<Frame> frames = candidate.frameRanges() == null ? List.of() : FrameRanges.decode(candidate.frameRanges());
        if (frames.isEmpty()) {
            throw new DicomWebException(Status.NOT_ACCEPTABLE, "Instance " + candidate.sopUid()
                    + " has no pixel data that can be rendered (it is not an image, or its frames could not be"
                    + " located when it was stored)");
        }
        if (frameNumber > frames.size()) {
            throw new DicomWebException(Status.NOT_FOUND, "Instance " + candidate.sopUid() + " has "
                    + frames.size() + " frame(s); there is no frame " + frameNumber);
        }
        try {
            Frame frame = frames.get(frameNumber - 1);
            PixelModule module = storedFrames.module(candidate.objectKey(), frames.get(0));
            TransferSyntax syntax = TransferSyntax.of(candidate.transferSyntaxUid());
            NativeFrame decoded = FrameDecoder.decode(module, syntax, storedFrames.frame(candidate.objectKey(), frame));
            BufferedImage image = Renderer.render(module, decoded, options.window(), options.viewport());
            ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
            ImageEncoder.write(image, format, options.quality(), body);
            return Response.ok(body.toByteArray())
                    .header(HttpHeaders.CONTENT_TYPE, format.mediaType())
                    .header(HttpHeaders.VARY, "Accept")
                    .build();
        } catch (CannotDecodeException e) {
            throw new DicomWebException(Status.NOT_ACCEPTABLE, "Instance " + candidate.sopUid()
                    + " cannot be rendered: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (e instanceof DicomWebException refusal) {
                throw refusal;
            }
            throw new DicomWebException(Status.INTERNAL_SERVER_ERROR, "Instance " + candidate.sopUid()
                    + " could not be rendered: " + e.getMessage());
        }
    }

    private RenderOptions options(ImageFormat format, boolean thumbnail) {
        try {
            int quality = qualityParameter == null || qualityParameter.isBlank() ? RenderOptions.DEFAULT_QUALITY
                    : Integer.parseInt(qualityParameter.trim());
            Window window = windowParameter == null || windowParameter.isBlank() ? null
                    : Window.parse(windowParameter);
            Viewport viewport = viewportParameter == null || viewportParameter.isBlank()
                    ? (thumbnail ? new Viewport(THUMBNAIL_SIZE, THUMBNAIL_SIZE, null) : null)
                    : Viewport.parse(viewportParameter);
            return new RenderOptions(format, quality, window, viewport);
        } catch (NumberFormatException e) {
            throw new DicomWebException(Status.BAD_REQUEST, "quality must be an integer from 1 to 100");
        } catch (IllegalArgumentException e) {
            throw new DicomWebException(Status.BAD_REQUEST, e.getMessage());
        }
    }

    private static int frameNumber(String text) {
        try {
            int number = Integer.parseInt(text.trim());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new DicomWebException(Status.BAD_REQUEST, "A rendered frame is one frame number from 1: " + text);
    }

    /** The image type to answer with: the first acceptable of the Accept ranges by quality; JPEG for any. */
    static ImageFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return ImageFormat.JPEG;
        }
        List<MediaType> ranges = new ArrayList<>();
        for (String element : accept.split(",")) {
            try {
                MediaType range = MediaType.parse(element.trim());
                if (quality(range) > 0) {
                    ranges.add(range);
                }
            } catch (IllegalArgumentException unparsable) {
                // skipped, as WADO-RS does
            }
        }
        ranges.sort(Comparator.comparingDouble(RenderedResource::quality).reversed());
        for (MediaType range : ranges) {
            String essence = range.essence();
            if (essence.equals("*/*") || essence.equals("image/*")) {
                return ImageFormat.JPEG;
            }
            var format = ImageFormat.byMediaType(essence);
            if (format.isPresent()) {
                return format.get();
            }
        }
        throw new DicomWebException(Status.NOT_ACCEPTABLE, "Rendered images are offered as image/jpeg, image/png"
                + " and image/gif; none of these is accepted by: " + accept);
    }

    private static double quality(MediaType range) {
        String q = range.parameter("q");
        try {
            return q == null ? 1 : Double.parseDouble(q.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private String accept() {
        return acceptParameter != null ? acceptParameter : headers.getHeaderString(HttpHeaders.ACCEPT);
    }
}
