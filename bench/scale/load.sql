-- 1,000,000 synthetic instances for the QIDO scale benchmark: 10,000 studies (5,000 patients) x 5 series x 20
-- instances, in the default collection. Ids start far above what the sequences hand out.
INSERT INTO study (id, collection_id, study_instance_uid, patient_id, patient_name, patient_name_search,
                   patient_birth_date, patient_sex, study_date, study_time, accession_number, study_id,
                   study_description, modalities_in_study, number_of_series, number_of_instances, size_bytes, updated_at)
SELECT 100000000 + g, (SELECT id FROM collection WHERE slug = 'default'), '2.25.9' || g,
       'SCALE-' || (g % 5000), 'Scale^Patient' || (g % 5000), 'SCALE^PATIENT' || (g % 5000),
       '19600101', CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END,
       to_char(DATE '2015-01-01' + (g % 3000), 'YYYYMMDD'), '101500', 'ACC' || g, '' || g,
       'CT CHEST ' || (g % 50), 'CT', 5, 100, 52428800, now()
FROM generate_series(1, 10000) g;

INSERT INTO series (id, study_id, series_instance_uid, modality, series_number, series_description, series_date,
                    body_part_examined, manufacturer, number_of_instances, size_bytes, updated_at)
SELECT 200000000 + s.g * 10 + k, 100000000 + s.g, '2.25.8' || s.g || '.' || k, 'CT', k, 'AXIAL ' || k,
       to_char(DATE '2015-01-01' + (s.g % 3000), 'YYYYMMDD'), 'CHEST', 'Scale', 20, 10485760, now()
FROM generate_series(1, 10000) s(g), generate_series(1, 5) k;

INSERT INTO instance (id, series_id, sop_instance_uid, sop_class_uid, instance_number, rows_count, columns_count,
                      bits_allocated, number_of_frames, transfer_syntax_uid, object_key, size_bytes, sha256, crc32,
                      status, created_at)
SELECT 300000000 + (se.id - 200000000) * 100 + n, se.id, se.series_instance_uid || '.' || n,
       '1.2.840.10008.5.1.4.1.1.2', n, 512, 512, 16, 1, '1.2.840.10008.1.2.1',
       'instances/00/scale-' || se.id || '-' || n || '.dcm', 524288,
       '0000000000000000000000000000000000000000000000000000000000000000', 0, 'STORED', now()
FROM series se, generate_series(1, 20) n
WHERE se.id >= 200000000;
ANALYZE study;
ANALYZE series;
ANALYZE instance;
