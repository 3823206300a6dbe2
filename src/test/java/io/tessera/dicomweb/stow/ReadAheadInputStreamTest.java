package io.tessera.dicomweb.stow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {

    @Test
    void givesEveryByteInOrderWhateverTheReadSizes() throws IOException {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(body);
        Random sizes = new Random(11);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(body))) {
            byte[] buffer = new byte[200_000];
            while (true) {
                if (sizes.nextInt(4) == 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    read.write(b);
                } else {
                    int n = in.read(buffer, 0, 1 + sizes.nextInt(buffer.length));
                    if (n < 0) {
                        break;
                    }
                    read.write(buffer, 0, n);
                }
            }
            assertEquals(-1, in.read(), "the end stays the end");
        }
        assertArrayEquals(body, read.toByteArray());
    }

    @Test
    void anEmptyBodyEndsAtOnce() throws IOException {
        try (InputStream in = new ReadAheadInputStream(InputStream.nullInputStream())) {
            assertEquals(-1, in.read(new byte[10], 0, 10));
        }
    }

    @Test
    void aFailureOfTheSourceComesAfterTheBytesBeforeIt() throws IOException {
        IOException broken = new IOException("connection reset");
        InputStream source = new InputStream() {
            private int left = 100_000;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    throw broken;
                }
                int n = Math.min(len, left);
                left -= n;
                return n;
            }
        };
        try (InputStream in = new ReadAheadInputStream(source)) {
            long before = 0;
            byte[] buffer = new byte[8192];
            IOException thrown = null;
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    before += n;
                }
            } catch (IOException e) {
                thrown = e;
            }
            assertEquals(100_000, before);
            assertSame(broken, thrown);
            assertEquals(-1, in.read(), "nothing after the failure");
        }
    }

    @Test
    void closingStopsTheReadingAheadAndClosesTheSource() throws Exception {
        AtomicLong served = new AtomicLong();
        CountDownLatch sourceClosed = new CountDownLatch(1);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                served.addAndGet(len);
                return len;
            }

            @Override
            public void close() {
                sourceClosed.countDown();
            }
        };
        InputStream in = new ReadAheadInputStream(endless);
        in.read(new byte[10]);
        in.close();
        assertThrows(IOException.class, () -> in.read(new byte[10]), "a read after the close fails, never hangs");
        assertTrue(sourceClosed.await(10, TimeUnit.SECONDS), "the reader thread closes the source and ends");
        long atClose = served.get();
        Thread.sleep(100);
        assertEquals(atClose, served.get(), "no reading after the close");
        assertTrue(atClose <= 20 * 64 * 1024, "read at most a queue ahead: " + atClose);
    }

    @Test
    void anInterruptedReaderGetsAnInterruptedIOException() throws IOException {
        InputStream silent = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                return -1; // the body never comes while the reader is interrupted
            }
        };
        InputStream in = new ReadAheadInputStream(silent);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedIOException.class, () -> in.read(new byte[10]));
        assertTrue(Thread.interrupted(), "the interrupt is kept");
        in.close();
    }
}
