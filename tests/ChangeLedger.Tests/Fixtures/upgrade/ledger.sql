--
-- PostgreSQL database dump
--

\restrict NpBwQdzBb0ilz7dByOLaR0eKebh0V8JVaJUTiPO4BkHDukmOJZRSDbhCsOJpGjQ

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: ledger; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA ledger;


--
-- Name: mt_archive_stream(character varying); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_archive_stream(streamid character varying) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
  update ledger.mt_streams set is_archived = TRUE where id = streamid ;
  update ledger.mt_events set is_archived = TRUE where stream_id = streamid ;
END;
$$;


--
-- Name: mt_grams_array(text, boolean); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_grams_array(words text, use_unaccent boolean DEFAULT false) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
        DECLARE
result text[];
        DECLARE
word text;
        DECLARE
clean_word text;
BEGIN
                FOREACH
word IN ARRAY string_to_array(words, ' ')
                LOOP
                     clean_word = regexp_replace(ledger.mt_safe_unaccent(use_unaccent, word), '[^a-zA-Z0-9]+', '','g');
FOR i IN 1 .. length(clean_word)
                     LOOP
                         result := result || quote_literal(substr(lower(clean_word), i, 1));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 2));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 3));
END LOOP;
END LOOP;

RETURN ARRAY(SELECT DISTINCT e FROM unnest(result) AS a(e) ORDER BY e);
END;
$$;


--
-- Name: mt_grams_query(text, boolean); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_grams_query(text, use_unaccent boolean DEFAULT false) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $_$
BEGIN
RETURN (SELECT array_to_string(ledger.mt_grams_array($1, use_unaccent), ' & ') ::tsquery);
END
$_$;


--
-- Name: mt_grams_vector(text, boolean); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_grams_vector(text, use_unaccent boolean DEFAULT false) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $_$
BEGIN
RETURN (SELECT array_to_string(ledger.mt_grams_array($1, use_unaccent), ' ') ::tsvector);
END
$_$;


--
-- Name: mt_immutable_date(text); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_immutable_date(value text) RETURNS date
    LANGUAGE sql IMMUTABLE
    AS $$
select value::date

$$;


--
-- Name: mt_immutable_time(text); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_immutable_time(value text) RETURNS time without time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::time

$$;


--
-- Name: mt_immutable_timestamp(text); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_immutable_timestamp(value text) RETURNS timestamp without time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::timestamp

$$;


--
-- Name: mt_immutable_timestamptz(text); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_immutable_timestamptz(value text) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::timestamptz

$$;


--
-- Name: mt_jsonb_append(jsonb, text[], jsonb, boolean, jsonb); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_append(jsonb, text[], jsonb, boolean, jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    patch_expression ALIAS FOR $5;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
            END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_append_key_value(jsonb, text[], jsonb, boolean); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_append_key_value(jsonb, text[], jsonb, boolean) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    tmp_value jsonb;
    _key text;
BEGIN
    tmp_value = retval #> location;

    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN NOT tmp_value ?| ARRAY(SELECT jsonb_object_keys(val)) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_copy(jsonb, text[], text[]); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_copy(jsonb, text[], text[]) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_path ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = ledger.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value::jsonb, TRUE);
END;
$_$;


--
-- Name: mt_jsonb_duplicate(jsonb, text[], jsonb); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_duplicate(jsonb, text[], jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    targets ALIAS FOR $3;
    tmp_value jsonb;
    target_path text[];
    target text;
BEGIN
    FOR target IN SELECT jsonb_array_elements_text(targets)
    LOOP
        target_path = ledger.mt_jsonb_path_to_array(target, '\.');
        retval = ledger.mt_jsonb_copy(retval, location, target_path);
    END LOOP;

    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_fix_null_parent(jsonb, text[]); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_fix_null_parent(jsonb, text[]) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
retval ALIAS FOR $1;
    dst_path ALIAS FOR $2;
    dst_path_segment text[] = ARRAY[]::text[];
    dst_path_array_length integer;
    i integer = 1;
BEGIN
    dst_path_array_length = array_length(dst_path, 1);
    WHILE i <=(dst_path_array_length - 1)
    LOOP
        dst_path_segment = dst_path_segment || ARRAY[dst_path[i]];
        IF retval #> dst_path_segment IS NULL OR retval #> dst_path_segment = 'null'::jsonb THEN
            retval = jsonb_set(retval, dst_path_segment, '{}'::jsonb, TRUE);
        END IF;
        i = i + 1;
    END LOOP;

    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_increment(jsonb, text[], numeric); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_increment(jsonb, text[], numeric) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
retval ALIAS FOR $1;
    location ALIAS FOR $2;
    increment_value ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NULL THEN
        tmp_value = to_jsonb(0);
END IF;

RETURN jsonb_set(retval, location, to_jsonb(tmp_value::numeric + increment_value), TRUE);
END;
$_$;


--
-- Name: mt_jsonb_insert(jsonb, text[], jsonb, integer, boolean, jsonb); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_insert(jsonb, text[], jsonb, integer, boolean, jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    elm_index ALIAS FOR $4;
    if_not_exists ALIAS FOR $5;
    patch_expression ALIAS FOR $6;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF elm_index IS NULL THEN
            elm_index = jsonb_array_length(tmp_value) + 1;
        END IF;
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_move(jsonb, text[], text); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_move(jsonb, text[], text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_name ALIAS FOR $3;
    dst_path text[];
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = retval #- src_path;
    dst_path = src_path;
    dst_path[array_length(dst_path, 1)] = dst_name;
    retval = ledger.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value, TRUE);
END;
$_$;


--
-- Name: mt_jsonb_patch(jsonb, jsonb); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_patch(jsonb, jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    patchset ALIAS FOR $2;
    patch jsonb;
    patch_path text[];
    patch_expression jsonb;
    value jsonb;
BEGIN
    FOR patch IN SELECT * from jsonb_array_elements(patchset)
    LOOP
        patch_path = ledger.mt_jsonb_path_to_array((patch->>'path')::text, '\.');

        patch_expression = null;
        IF (patch->>'type') IN ('remove', 'append_if_not_exists', 'insert_if_not_exists') AND (patch->>'expression') IS NOT NULL THEN
            patch_expression = jsonb_path_query_array(retval #> patch_path, (patch->>'expression')::jsonpath);
        END IF;

        CASE patch->>'type'
            WHEN 'set' THEN
                retval = jsonb_set(retval, patch_path, (patch->'value')::jsonb, TRUE);
            WHEN 'delete' THEN
                retval = retval#-patch_path;
            WHEN 'append' THEN
                retval = ledger.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, FALSE);
            WHEN 'append_if_not_exists' THEN
                retval = ledger.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, TRUE, patch_expression);
            WHEN 'append_key_value' THEN
                retval = ledger.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, FALSE);
            WHEN 'append_key_value_if_not_exists' THEN
                retval = ledger.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, TRUE);
            WHEN 'insert' THEN
                retval = ledger.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, FALSE);
            WHEN 'insert_if_not_exists' THEN
                retval = ledger.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, TRUE, patch_expression);
            WHEN 'remove' THEN
                retval = ledger.mt_jsonb_remove(retval, patch_path, COALESCE(patch_expression, (patch->'value')::jsonb));
            WHEN 'remove_key' THEN
                retval = ledger.mt_jsonb_remove_key(retval, patch_path, (patch->>'key'));
            WHEN 'duplicate' THEN
                retval = ledger.mt_jsonb_duplicate(retval, patch_path, (patch->'targets')::jsonb);
            WHEN 'rename' THEN
                retval = ledger.mt_jsonb_move(retval, patch_path, (patch->>'to')::text);
            WHEN 'increment' THEN
                retval = ledger.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            WHEN 'increment_float' THEN
                retval = ledger.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            ELSE NULL;
        END CASE;
    END LOOP;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_path_to_array(text, character); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_path_to_array(text, character) RETURNS text[]
    LANGUAGE plpgsql
    AS $_$
DECLARE
    location ALIAS FOR $1;
    regex_pattern ALIAS FOR $2;
BEGIN
RETURN regexp_split_to_array(location, regex_pattern)::text[];
END;
$_$;


--
-- Name: mt_jsonb_remove(jsonb, text[], jsonb); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_remove(jsonb, text[], jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF jsonb_typeof(val) = 'array' THEN
            tmp_remove = val;
        ELSE
            tmp_remove = jsonb_build_array(val);
        END IF;

        FOR patch_remove IN SELECT * FROM jsonb_array_elements(tmp_remove)
        LOOP
            tmp_value =(SELECT jsonb_agg(elem)
            FROM jsonb_array_elements(tmp_value) AS elem
            WHERE elem <> patch_remove);
        END LOOP;

        IF tmp_value IS NULL THEN
            tmp_value = '[]'::jsonb;
        END IF;
    END IF;
    RETURN jsonb_set(retval, location, tmp_value, FALSE);
END;
$_$;


--
-- Name: mt_jsonb_remove_key(jsonb, text[], text); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_jsonb_remove_key(jsonb, text[], text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    _key ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        RETURN jsonb_set(retval, location, tmp_value - _key, FALSE);
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_mark_event_progression(character varying, bigint); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_mark_event_progression(name character varying, last_encountered bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
INSERT INTO ledger.mt_event_progression (name, last_seq_id, last_updated)
VALUES (name, last_encountered, transaction_timestamp())
ON CONFLICT ON CONSTRAINT pk_mt_event_progression
    DO
UPDATE SET last_seq_id = last_encountered, last_updated = transaction_timestamp();

END;

$$;


--
-- Name: mt_mark_progression_with_skip(character varying, bigint, bigint); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_mark_progression_with_skip(shard_name character varying, ending_sequence bigint, starting_sequence bigint) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    current_value bigint;
BEGIN
    select last_seq_id into current_value from ledger.mt_event_progression where name = shard_name;

    IF current_value is null then
        -- Bootstrap the high-water row on first invocation. Previously this branch
        -- returned 0, which left HighWaterAgent.CheckNowAsync polling forever because
        -- statistics.CurrentMark never advanced. Issue #4425.
        INSERT INTO ledger.mt_event_progression (name, last_seq_id, last_updated)
        VALUES (shard_name, ending_sequence, transaction_timestamp())
        ON CONFLICT ON CONSTRAINT pk_mt_event_progression
            DO UPDATE SET last_seq_id = ending_sequence, last_updated = transaction_timestamp();
        IF ending_sequence > starting_sequence THEN
            -- Idempotent: a rebuild/replay re-marks the same skip (ending_sequence is the
            -- PK). Re-recording an existing gap is a no-op. Conflict target is the PK
            -- constraint (the bare column name collides with the function parameter). #4530.
            insert into ledger.mt_high_water_skips (ending_sequence, starting_sequence) values (ending_sequence, starting_sequence)
                on conflict on constraint pkey_mt_high_water_skips_ending_sequence do nothing;
        END IF;
        return ending_sequence;
    ELSIF current_value = starting_sequence THEN
        update ledger.mt_event_progression SET last_seq_id = ending_sequence, last_updated = transaction_timestamp() where shard_name = name;
        insert into ledger.mt_high_water_skips (ending_sequence, starting_sequence) values (ending_sequence, starting_sequence)
            on conflict on constraint pkey_mt_high_water_skips_ending_sequence do nothing;
        return ending_sequence;
    ELSE
        return current_value;
    END IF;
END
$$;


--
-- Name: mt_quick_append_events(character varying, character varying, character varying, uuid[], character varying[], character varying[], jsonb[], bytea[], jsonb[], character varying[], timestamp with time zone[], bigint); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_quick_append_events(stream character varying, stream_type character varying, tenantid character varying, event_ids uuid[], event_types character varying[], dotnet_types character varying[], bodies jsonb[], bdatas bytea[], headers jsonb[], user_names character varying[], timestamps timestamp with time zone[], expected_version bigint DEFAULT NULL::bigint) RETURNS bigint[]
    LANGUAGE plpgsql
    AS $$
DECLARE
	event_version bigint;
	stream_is_archived boolean;
	event_type varchar;
	event_id uuid;
	body jsonb;
	index int;
	seq bigint;
    actual_tenant varchar;
    is_new_stream boolean := false;
	return_value bigint[];
BEGIN
    if expected_version IS NOT NULL then
        -- COALESCE turns the NULL we get for a brand-new stream into 0, so a
        -- FetchForWriting against a non-existent stream (which sets
        -- ExpectedVersionOnServer = 0) and a StartStream(id, version: 0) both
        -- land on the new-stream branch instead of mis-firing the guard.
        select version, is_archived into event_version, stream_is_archived from ledger.mt_streams where id = stream;
        if COALESCE(event_version, 0) != expected_version then
            RAISE EXCEPTION 'Stream version mismatch on ''%'': expected %, actual %', stream, expected_version, COALESCE(event_version, 0) USING ERRCODE = 'MT003';
        end if;
    else
        select version, is_archived into event_version, stream_is_archived from ledger.mt_streams where id = stream;
    end if;

	if event_version IS NULL then
		event_version = 0;
		is_new_stream := true;
		-- #5456 follow-up: insert the FINAL version straight away rather than 0 plus a
		-- trailing UPDATE of the row we just wrote in this same transaction. That UPDATE
		-- is a second heap tuple + WAL record per stream creation for no observable gain
		-- -- nothing outside this transaction can see the intermediate 0. The trailing
		-- UPDATE below is skipped for this branch via is_new_stream.
		insert into ledger.mt_streams (id, type, version, timestamp, tenant_id) values (stream, stream_type, COALESCE(array_length(event_ids, 1), 0), now(), tenantid);
    else
        if stream_is_archived then
            RAISE EXCEPTION 'Attempted to append event to archived stream with Id ''%''.', stream USING ERRCODE = 'MT001';
        end if;
        if tenantid IS NOT NULL then
            select tenant_id into actual_tenant from ledger.mt_streams where id = stream;
            if actual_tenant != tenantid then
                RAISE EXCEPTION 'The tenantid does not match the existing stream';
            end if;
        end if;
	end if;

	index := 1;
	-- #5062: array_length('{}', 1) is NULL in PostgreSQL, not 0, so a call with an
	-- empty event array used to return ARRAY[NULL] -- a bigint[] whose only element
	-- is NULL, which Npgsql cannot read into long[] ('Cannot read a non-nullable
	-- collection of elements because the returned array contains nulls'). COALESCE
	-- makes the empty case mean what it says: zero events appended, so the final
	-- version is the stream's current version.
	return_value := ARRAY[event_version + COALESCE(array_length(event_ids, 1), 0)];

	foreach event_id in ARRAY event_ids
	loop
        seq := nextval('ledger.mt_events_sequence');
		return_value := array_append(return_value, seq);

	    event_version := event_version + 1;
		event_type = event_types[index];
		body = bodies[index];

		-- #4515 / #4578 / Phase 2: bdatas[index] carries the binary payload
		-- for events opted in to binary serialization (NULL otherwise).
		-- bodies[index] is the {} JSON placeholder for those events so the
		-- existing data jsonb NOT NULL constraint stays intact.
		insert into ledger.mt_events
			(seq_id, id, stream_id, version, data, bdata, type, tenant_id, timestamp, mt_dotnet_type, is_archived, headers, user_name)
		values
			(seq, event_id, stream, event_version, body, bdatas[index], event_type, tenantid, timestamps[index], dotnet_types[index], FALSE, headers[index], user_names[index]);

		index := index + 1;
	end loop;

	-- A brand-new stream already carries its final version from the insert above, so the
	-- UPDATE is only needed when we appended onto a stream that already existed.
	--
	-- #5539: and only when we actually appended something. With ZERO events this was a BLIND write-back
	-- of the version read at the top of the function, and under READ COMMITTED that is a lost update: the
	-- UPDATE waits on a concurrent appender's row lock, the winner commits, the WHERE clause is
	-- re-evaluated against the new row, and `set version = <the stale value>` lands -- leaving
	-- mt_streams.version BELOW the stream's own events. Every later append then computes a version that
	-- already exists and dies on pk_mt_events_stream_and_version, forever, until the row is repaired by
	-- hand. A non-empty call cannot do this: its first INSERT collides with the winner on that same
	-- primary key and rolls the whole thing back, which is why only the empty case was exposed.
	--
	-- Two independent guards, because either alone would have been enough and the cost of both is nil:
	--   * the append count -- appending nothing has nothing to write, so the correct number of statements
	--     is zero rather than one that happens to be harmless;
	--   * greatest(), so the write-back can never LOWER a stream's version whoever calls it. An append
	--     only ever moves a version forward, so this is a no-op on every correct path and a backstop on
	--     any future caller that reads the version and then writes it back.
	if not is_new_stream and COALESCE(array_length(event_ids, 1), 0) > 0 then
		update ledger.mt_streams set version = greatest(version, event_version), timestamp = now() where id = stream;
	end if;

	return return_value;
END
$$;


--
-- Name: mt_safe_unaccent(boolean, text); Type: FUNCTION; Schema: ledger; Owner: -
--

CREATE FUNCTION ledger.mt_safe_unaccent(use_unaccent boolean, word text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
BEGIN
IF use_unaccent THEN
    RETURN public.unaccent(word);
ELSE
    RETURN word;
END IF;
END;
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: mt_doc_apikey; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_apikey (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_doc_chainhead; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_chainhead (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_change; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_change (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_doc_changesummary; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_changesummary (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL,
    repository character varying,
    owner character varying,
    recorded_at timestamp with time zone NOT NULL
);


--
-- Name: mt_doc_deadletterevent; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_deadletterevent (
    id uuid NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_envelope; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_envelope (
    id uuid NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_evidence; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_evidence (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_doc_ingestionreceipt; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_ingestionreceipt (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_ownershiphistory; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_ownershiphistory (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_doc_personactivity; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_personactivity (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL,
    person character varying
);


--
-- Name: mt_doc_releaserecord; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_releaserecord (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_doc_repositorypolicy; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_doc_repositorypolicy (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_event_progression; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_event_progression (
    name character varying NOT NULL,
    last_seq_id bigint,
    last_updated timestamp with time zone DEFAULT transaction_timestamp(),
    mode character varying DEFAULT 'none'::character varying,
    rebuild_threshold integer DEFAULT 0,
    assigned_node integer DEFAULT 0,
    heartbeat timestamp with time zone,
    agent_status character varying(20),
    pause_reason text,
    running_on_node integer,
    warning_behind_threshold bigint,
    critical_behind_threshold bigint,
    failure_category character varying(50),
    failure_event_sequence bigint,
    failure_event_type character varying(500),
    failure_event_tenant_id character varying(500)
);


--
-- Name: mt_event_projection_floors; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_event_projection_floors (
    name character varying NOT NULL,
    tenant_id character varying NOT NULL,
    floor bigint NOT NULL,
    last_updated timestamp with time zone DEFAULT transaction_timestamp()
);


--
-- Name: mt_events; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_events (
    seq_id bigint NOT NULL,
    id uuid NOT NULL,
    stream_id character varying,
    version bigint NOT NULL,
    data jsonb NOT NULL,
    bdata bytea,
    type character varying(500) NOT NULL,
    "timestamp" timestamp with time zone DEFAULT '2026-11-30 09:38:49.515144+00'::timestamp with time zone NOT NULL,
    tenant_id character varying DEFAULT '*DEFAULT*'::character varying,
    mt_dotnet_type character varying,
    headers jsonb,
    user_name character varying,
    is_archived boolean DEFAULT false
);


--
-- Name: mt_events_sequence; Type: SEQUENCE; Schema: ledger; Owner: -
--

CREATE SEQUENCE ledger.mt_events_sequence
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: mt_events_sequence; Type: SEQUENCE OWNED BY; Schema: ledger; Owner: -
--

ALTER SEQUENCE ledger.mt_events_sequence OWNED BY ledger.mt_events.seq_id;


--
-- Name: mt_high_water_skips; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_high_water_skips (
    ending_sequence bigint NOT NULL,
    starting_sequence bigint NOT NULL,
    "timestamp" timestamp with time zone DEFAULT transaction_timestamp()
);


--
-- Name: mt_streams; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.mt_streams (
    id character varying NOT NULL,
    type character varying,
    version bigint,
    "timestamp" timestamp with time zone DEFAULT now() NOT NULL,
    created timestamp with time zone DEFAULT now() NOT NULL,
    tenant_id character varying DEFAULT '*DEFAULT*'::character varying,
    compacted_version bigint DEFAULT 0 NOT NULL,
    is_archived boolean DEFAULT false
);


--
-- Name: wolverine_agent_restrictions; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.wolverine_agent_restrictions (
    id uuid NOT NULL,
    uri character varying NOT NULL,
    type character varying NOT NULL,
    node integer DEFAULT 0 NOT NULL
);


--
-- Name: wolverine_control_queue; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.wolverine_control_queue (
    id uuid NOT NULL,
    message_type character varying NOT NULL,
    node_id uuid NOT NULL,
    body bytea NOT NULL,
    posted timestamp with time zone DEFAULT now() NOT NULL,
    expires timestamp with time zone
);


--
-- Name: wolverine_dead_letter_history; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.wolverine_dead_letter_history (
    id uuid NOT NULL,
    replay_count integer,
    last_replayed_at timestamp with time zone,
    first_failed_at timestamp with time zone
);


--
-- Name: wolverine_dead_letters; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.wolverine_dead_letters (
    id uuid NOT NULL,
    execution_time timestamp with time zone,
    body bytea NOT NULL,
    message_type character varying NOT NULL,
    received_at character varying,
    source character varying,
    exception_type character varying,
    exception_message character varying,
    sent_at timestamp with time zone,
    replayable boolean,
    failure_group character varying(100),
    failure_title character varying(500),
    failed_at timestamp with time zone,
    first_failed_at timestamp with time zone,
    replay_count integer,
    last_replayed_at timestamp with time zone,
    archived_at timestamp with time zone
);


--
-- Name: wolverine_incoming_envelopes; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.wolverine_incoming_envelopes (
    id uuid NOT NULL,
    status character varying NOT NULL,
    owner_id integer NOT NULL,
    execution_time timestamp with time zone,
    attempts integer DEFAULT 0,
    body bytea NOT NULL,
    message_type character varying NOT NULL,
    received_at character varying,
    keep_until timestamp with time zone
);


--
-- Name: wolverine_node_assignments; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.wolverine_node_assignments (
    id character varying NOT NULL,
    node_id uuid,
    started timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: wolverine_node_records; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.wolverine_node_records (
    id integer NOT NULL,
    node_number integer NOT NULL,
    event_name character varying NOT NULL,
    "timestamp" timestamp with time zone DEFAULT now() NOT NULL,
    description character varying
);


--
-- Name: wolverine_node_records_id_seq; Type: SEQUENCE; Schema: ledger; Owner: -
--

CREATE SEQUENCE ledger.wolverine_node_records_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wolverine_node_records_id_seq; Type: SEQUENCE OWNED BY; Schema: ledger; Owner: -
--

ALTER SEQUENCE ledger.wolverine_node_records_id_seq OWNED BY ledger.wolverine_node_records.id;


--
-- Name: wolverine_nodes; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.wolverine_nodes (
    id uuid NOT NULL,
    node_number integer NOT NULL,
    description character varying NOT NULL,
    uri character varying NOT NULL,
    started timestamp with time zone DEFAULT now() NOT NULL,
    health_check timestamp with time zone DEFAULT now() NOT NULL,
    version character varying,
    capabilities text[]
);


--
-- Name: wolverine_nodes_node_number_seq; Type: SEQUENCE; Schema: ledger; Owner: -
--

CREATE SEQUENCE ledger.wolverine_nodes_node_number_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: wolverine_nodes_node_number_seq; Type: SEQUENCE OWNED BY; Schema: ledger; Owner: -
--

ALTER SEQUENCE ledger.wolverine_nodes_node_number_seq OWNED BY ledger.wolverine_nodes.node_number;


--
-- Name: wolverine_outgoing_envelopes; Type: TABLE; Schema: ledger; Owner: -
--

CREATE TABLE ledger.wolverine_outgoing_envelopes (
    id uuid NOT NULL,
    owner_id integer NOT NULL,
    destination character varying NOT NULL,
    deliver_by timestamp with time zone,
    body bytea NOT NULL,
    attempts integer DEFAULT 0,
    message_type character varying NOT NULL
);


--
-- Name: wolverine_node_records id; Type: DEFAULT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_node_records ALTER COLUMN id SET DEFAULT nextval('ledger.wolverine_node_records_id_seq'::regclass);


--
-- Name: wolverine_nodes node_number; Type: DEFAULT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_nodes ALTER COLUMN node_number SET DEFAULT nextval('ledger.wolverine_nodes_node_number_seq'::regclass);


--
-- Data for Name: mt_doc_apikey; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_apikey (id, data, mt_last_modified, mt_dotnet_type, mt_version) FROM stdin;
~key:ry6voneslxgt	{"id": "~key:ry6voneslxgt", "name": "bootstrap admin", "keyId": "ry6voneslxgt", "roles": ["ingest", "review", "release", "read", "export", "override", "admin"], "issuedAt": "2026-11-30T09:38:50.488937+00:00", "issuedBy": "bootstrap", "expiresAt": null, "revokedAt": null, "revokedBy": null, "secretHash": "2dae08808b33177c79c4e0c902a4a535c856474ad0c0dc61cd72b7b1e532796f", "repositories": ["*"], "revokeReason": null}	2026-11-30 09:38:50.63338+00	ChangeLedger.Access.ApiKey	1
~key:bemz4ahxnyjk	{"id": "~key:bemz4ahxnyjk", "name": "ci", "keyId": "bemz4ahxnyjk", "roles": ["ingest"], "issuedAt": "2026-11-30T09:38:52.012055+00:00", "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": null, "revokedAt": null, "revokedBy": null, "secretHash": "a8e803319147edb43d672d733022fda11f5efc2dbb2ba6aa05d427c8a67bebd8", "repositories": ["github.com/acme/*"], "revokeReason": null}	2026-11-30 09:38:52.016357+00	ChangeLedger.Access.ApiKey	1
~key:ke4fhblp2xe2	{"id": "~key:ke4fhblp2xe2", "name": "gitlab-ci", "keyId": "ke4fhblp2xe2", "roles": ["ingest", "review"], "issuedAt": "2026-11-30T09:38:52.194503+00:00", "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": null, "revokedAt": null, "revokedBy": null, "secretHash": "5ed47ba521ca5cc9be69735a25486d9bbec0d69973139c75f86f8e0b511204d3", "repositories": ["gitlab.com/beta/*"], "revokeReason": null}	2026-11-30 09:38:52.195933+00	ChangeLedger.Access.ApiKey	1
~key:uahjoa6vm5jr	{"id": "~key:uahjoa6vm5jr", "name": "reviewers", "keyId": "uahjoa6vm5jr", "roles": ["review"], "issuedAt": "2026-11-30T09:38:52.297272+00:00", "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": null, "revokedAt": null, "revokedBy": null, "secretHash": "e9a6d82de0602e5b0ba65e7fbc6df8498e6601676b33e32c80e038e2977d8165", "repositories": ["*"], "revokeReason": null}	2026-11-30 09:38:52.298932+00	ChangeLedger.Access.ApiKey	1
~key:ukpzntlgl7jx	{"id": "~key:ukpzntlgl7jx", "name": "deployer", "keyId": "ukpzntlgl7jx", "roles": ["release"], "issuedAt": "2026-11-30T09:38:52.564967+00:00", "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": "2099-01-01T00:00:00+00:00", "revokedAt": null, "revokedBy": null, "secretHash": "50485988fd484a9b11ffa7436a35223d1bc40f60ab688b13c688690041a55808", "repositories": ["github.com/acme/*"], "revokeReason": null}	2026-11-30 09:38:52.566444+00	ChangeLedger.Access.ApiKey	1
~key:lnoi6c37hgt5	{"id": "~key:lnoi6c37hgt5", "name": "release-manager", "keyId": "lnoi6c37hgt5", "roles": ["release", "override"], "issuedAt": "2026-11-30T09:38:52.665127+00:00", "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": null, "revokedAt": null, "revokedBy": null, "secretHash": "79c9d5a3a717c4d0729cfec0cff4036616dbd28938616aade860c642381cae8f", "repositories": ["*"], "revokeReason": null}	2026-11-30 09:38:52.666224+00	ChangeLedger.Access.ApiKey	1
~key:5vbvgkwobvao	{"id": "~key:5vbvgkwobvao", "name": "auditor", "keyId": "5vbvgkwobvao", "roles": ["read", "export"], "issuedAt": "2026-11-30T09:38:52.950439+00:00", "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": "2099-06-30T12:00:00+00:00", "revokedAt": null, "revokedBy": null, "secretHash": "14e080b59d7ad5b0bbd7d6f8c065a6fa3fee818c739ea2c41d2a282e443241c9", "repositories": ["*"], "revokeReason": null}	2026-11-30 09:38:52.951668+00	ChangeLedger.Access.ApiKey	1
~key:2y7bcqmlhl64	{"id": "~key:2y7bcqmlhl64", "name": "dashboard", "keyId": "2y7bcqmlhl64", "roles": ["read"], "issuedAt": "2026-11-30T09:38:52.784965+00:00", "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": null, "revokedAt": "2026-11-30T09:38:53.434322+00:00", "revokedBy": "key:ry6voneslxgt (bootstrap admin)", "secretHash": "4de0b72b30e846688201077b1d49ae5e06eeedff0d19aaa5b3d6f3d09f48f1c3", "repositories": ["github.com/acme/payments"], "revokeReason": "dashboard retired"}	2026-11-30 09:38:53.492216+00	ChangeLedger.Access.ApiKey	2
\.


--
-- Data for Name: mt_doc_chainhead; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_chainhead (id, data, mt_last_modified, mt_version, mt_dotnet_type) FROM stdin;
~key:ry6voneslxgt	{"id": "~key:ry6voneslxgt", "hash": "c6af873b1fe7934b26896dc6c6f5a0ca9749b24a9b39bb9a3cd6cab838444da0", "version": 1}	2026-11-30 09:38:50.63338+00	01a22bd2-466c-494a-9e06-7d9ccd9f0e75	ChangeLedger.Integrity.ChainHead
~key:bemz4ahxnyjk	{"id": "~key:bemz4ahxnyjk", "hash": "673392f4fb68a7d4042d6369a734ef90917e56545f4967c13950ecdb197056fc", "version": 1}	2026-11-30 09:38:52.016357+00	01a22bd2-4bee-4d65-a787-587fa4f23c37	ChangeLedger.Integrity.ChainHead
~key:ke4fhblp2xe2	{"id": "~key:ke4fhblp2xe2", "hash": "9a9756897517dc84b09fd916ab068e7d17ce8bcc48010bd8704ece0856bbb70f", "version": 1}	2026-11-30 09:38:52.195933+00	01a22bd2-4ca3-40f8-b269-713755cd4df2	ChangeLedger.Integrity.ChainHead
~key:uahjoa6vm5jr	{"id": "~key:uahjoa6vm5jr", "hash": "00fc3807064cff560bfc12a5317b5c21f00da5fd65d74b08567e6c0352cf0d36", "version": 1}	2026-11-30 09:38:52.298932+00	01a22bd2-4d09-4c51-8393-1a81292bfeaa	ChangeLedger.Integrity.ChainHead
~key:ukpzntlgl7jx	{"id": "~key:ukpzntlgl7jx", "hash": "900f9fcf2536528e1c9a692c22eae319dc1824b5c73a7a0d9aca9230291e1261", "version": 1}	2026-11-30 09:38:52.566444+00	01a22bd2-4e15-4d6d-be78-036c10531d9e	ChangeLedger.Integrity.ChainHead
~key:lnoi6c37hgt5	{"id": "~key:lnoi6c37hgt5", "hash": "60e85ab5fa20ef7f98f1e9086ad0c90e18988e0fccfdb0a2c97b31877dad19ab", "version": 1}	2026-11-30 09:38:52.666224+00	01a22bd2-4e79-419f-b319-8fa36858844b	ChangeLedger.Integrity.ChainHead
~key:5vbvgkwobvao	{"id": "~key:5vbvgkwobvao", "hash": "63cb2c820e8b084fee3a37d7912c632c779a32000d3510e69e3b1272d5ae2828", "version": 1}	2026-11-30 09:38:52.951668+00	01a22bd2-4f97-479e-8757-8e4abadf0ee0	ChangeLedger.Integrity.ChainHead
~key:2y7bcqmlhl64	{"id": "~key:2y7bcqmlhl64", "hash": "24b778b2c403bb70cb92170030b5ea77429ebfa7a203114d82f24a5d63e18898", "version": 2}	2026-11-30 09:38:53.492216+00	01a22bd2-51b3-41fe-aa28-bc4408181486	ChangeLedger.Integrity.ChainHead
~policy:github.com%2Facme%2Fledger	{"id": "~policy:github.com%2Facme%2Fledger", "hash": "1c8075b73ba8d1552586a412c735228eb91a6c4373a4f23e218691e3c19789c5", "version": 1}	2026-11-30 09:38:53.972806+00	01a22bd2-5392-484a-8d2c-22d239bc4e99	ChangeLedger.Integrity.ChainHead
pay-102	{"id": "pay-102", "hash": "27813587a87b376cc139a8fb1a68616313c7de7c12f6937c1fe8fdecee202b54", "version": 6}	2026-11-30 09:38:59.384969+00	01a22bd2-68b5-4050-8530-36b995171ef7	ChangeLedger.Integrity.ChainHead
pay-103	{"id": "pay-103", "hash": "071046ce9ad88323fad46ec68247e681c2a3f4feec07542fdf43cda57a6bb1f5", "version": 3}	2026-11-30 09:39:00.366501+00	01a22bd2-6c8d-4063-9c93-722265d3f3a8	ChangeLedger.Integrity.ChainHead
pay-104	{"id": "pay-104", "hash": "9d73ec4c554e2a548f050612fda298f3d472d1dca04d77e5b38f676d5430fa6d", "version": 3}	2026-11-30 09:39:01.173849+00	01a22bd2-6fb3-4b8f-b36a-2ce5a311fbf6	ChangeLedger.Integrity.ChainHead
pay-104b	{"id": "pay-104b", "hash": "3e80e843cd219dcb3b226cbfe3dc3cbe3083f1fa549aaab67669020a071149e4", "version": 2}	2026-11-30 09:39:01.396604+00	01a22bd2-7093-4a80-950d-cac703340a84	ChangeLedger.Integrity.ChainHead
led-201	{"id": "led-201", "hash": "aab6a24a6c78675f5f1c7ce035d0eed06c8bab900490dcba5f45037831615047", "version": 10}	2026-11-30 09:39:03.53973+00	01a22bd2-78f2-4dac-a0b1-8d010ddff093	ChangeLedger.Integrity.ChainHead
pay-101	{"id": "pay-101", "hash": "48d78ad5a26863f05d498079827fbc8be54d439ef0a2161e298d501b74bb128d", "version": 17}	2026-11-30 09:38:58.521+00	01a22bd2-6557-4146-8aa7-80cc29006159	ChangeLedger.Integrity.ChainHead
~policy:github.com%2Facme%2Fpayments	{"id": "~policy:github.com%2Facme%2Fpayments", "hash": "42e8cdc882d276dc618e926a9b4824da05af496688cf0ff80c702a96b70d5065", "version": 2}	2026-11-30 09:38:58.636535+00	01a22bd2-65cb-4492-8e89-3cb23179b2b8	ChangeLedger.Integrity.ChainHead
pay-104a	{"id": "pay-104a", "hash": "69d163088d58f1104162906566189c76774961b32efa03e072310973bf17686d", "version": 5}	2026-11-30 09:39:02.039454+00	01a22bd2-7316-4590-b641-d50a5da7b185	ChangeLedger.Integrity.ChainHead
led-202	{"id": "led-202", "hash": "b326b49f8c6a50cc316a73805635ef7c60fa767c54b5088deec01a0c808fdc9a", "version": 4}	2026-11-30 09:39:04.007279+00	01a22bd2-7ac5-4b06-b40a-8ce6c16848af	ChangeLedger.Integrity.ChainHead
pay-301	{"id": "pay-301", "hash": "76fb8eecfba0de2d4f72d8c71d9d6b0730f323acf89cd5f5ff59af790dfe72dc", "version": 2}	2026-11-30 09:39:04.581087+00	01a22bd2-7d00-415d-8621-df51ec962b54	ChangeLedger.Integrity.ChainHead
mob-401	{"id": "mob-401", "hash": "7bd930b076510b3ea9e644dbd4d9588e85adba951dfa6ad11effc08785b7fece", "version": 2}	2026-11-30 09:39:04.833074+00	01a22bd2-7e00-49b7-a0d2-515f1b8dfeca	ChangeLedger.Integrity.ChainHead
~integrity:checkpoints	{"id": "~integrity:checkpoints", "hash": "6374617ab3fe6a40d9f84feb62d304597f943a454ad2f4468710fe49b5e4d695", "version": 1}	2026-11-30 09:39:06.289088+00	01a22bd2-83aa-4b80-9fa4-978c796ed735	ChangeLedger.Integrity.ChainHead
\.


--
-- Data for Name: mt_doc_change; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_change (id, data, mt_last_modified, mt_dotnet_type, mt_version) FROM stdin;
pay-104b	{"id": "pay-104b", "owner": "alice", "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-opus-4", "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "status": "Withdrawn", "version": 2, "openHolds": [], "headCommit": "e5e5e5e", "repository": "github.com/acme/payments", "submittedBy": "bob", "liftedHoldIds": [], "releasedEnvironments": []}	2026-11-30 09:39:01.396604+00	ChangeLedger.Changes.Change	2
pay-101	{"id": "pay-101", "owner": "erin", "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-sonnet-4", "promptRef": "prompts/101", "sessionId": "s-101", "requestedBy": "alice"}, "status": "Released", "version": 17, "openHolds": [], "headCommit": "b2b2b2b", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "liftedHoldIds": ["q1-freeze"], "releasedEnvironments": ["prod"]}	2026-11-30 09:38:58.521+00	ChangeLedger.Changes.Change	17
led-202	{"id": "led-202", "owner": "gina", "origin": {"kind": "Generated", "tool": "claude-code", "model": null, "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "status": "InReview", "version": 4, "openHolds": [{"kind": "Manual", "holdId": "sec-1", "reason": "waiting for security sign-off", "expiresAt": "2099-01-01T00:00:00+00:00", "placedVersion": 3}], "headCommit": "1234abc", "repository": "github.com/acme/ledger", "submittedBy": "ci-bot", "liftedHoldIds": [], "releasedEnvironments": []}	2026-11-30 09:39:04.007279+00	ChangeLedger.Changes.Change	4
pay-102	{"id": "pay-102", "owner": "dave", "origin": {"kind": "Human", "tool": null, "model": null, "promptRef": null, "sessionId": null, "requestedBy": null}, "status": "Released", "version": 6, "openHolds": [], "headCommit": "c3c3c3c", "repository": "github.com/acme/payments", "submittedBy": "dave", "liftedHoldIds": [], "releasedEnvironments": ["prod"]}	2026-11-30 09:38:59.384969+00	ChangeLedger.Changes.Change	6
pay-104a	{"id": "pay-104a", "owner": "alice", "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-opus-4", "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "status": "InReview", "version": 5, "openHolds": [{"kind": "Incident", "holdId": "inc-14", "reason": "INC-14 under investigation", "expiresAt": "2026-03-03T14:00:00+00:00", "placedVersion": 2}, {"kind": "Manual", "holdId": "dba", "reason": "waiting for the DBA", "expiresAt": null, "placedVersion": 3}, {"kind": "Policy", "holdId": "pci", "reason": "PCI review due", "expiresAt": "2099-01-01T00:00:00+00:00", "placedVersion": 4}], "headCommit": "e5e5e5e", "repository": "github.com/acme/payments", "submittedBy": "bob", "liftedHoldIds": [], "releasedEnvironments": []}	2026-11-30 09:39:02.039454+00	ChangeLedger.Changes.Change	5
pay-103	{"id": "pay-103", "owner": "alice", "origin": {"kind": "Generated", "tool": "copilot", "model": null, "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "status": "Rejected", "version": 3, "openHolds": [], "headCommit": "d4d4d4d", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "liftedHoldIds": [], "releasedEnvironments": []}	2026-11-30 09:39:00.366501+00	ChangeLedger.Changes.Change	3
pay-301	{"id": "pay-301", "owner": "alice", "origin": {"kind": "Generated", "tool": "claude-code", "model": "opus-4", "promptRef": null, "sessionId": null, "requestedBy": "bob"}, "status": "InReview", "version": 2, "openHolds": [], "headCommit": "c0ffee1", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "liftedHoldIds": [], "releasedEnvironments": []}	2026-11-30 09:39:04.581087+00	ChangeLedger.Changes.Change	2
pay-104	{"id": "pay-104", "owner": "alice", "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-opus-4", "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "status": "Split", "version": 3, "openHolds": [], "headCommit": "e5e5e5e", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "liftedHoldIds": [], "releasedEnvironments": []}	2026-11-30 09:39:01.173849+00	ChangeLedger.Changes.Change	3
mob-401	{"id": "mob-401", "owner": "hana", "origin": {"kind": "Human", "tool": null, "model": null, "promptRef": null, "sessionId": null, "requestedBy": null}, "status": "Withdrawn", "version": 2, "openHolds": [], "headCommit": "abcdef0", "repository": "gitlab.com/beta/mobile", "submittedBy": "hana", "liftedHoldIds": [], "releasedEnvironments": []}	2026-11-30 09:39:04.833074+00	ChangeLedger.Changes.Change	2
led-201	{"id": "led-201", "owner": "erin", "origin": {"kind": "Human", "tool": null, "model": null, "promptRef": null, "sessionId": null, "requestedBy": null}, "status": "Released", "version": 10, "openHolds": [], "headCommit": "f6f6f6f", "repository": "github.com/acme/ledger", "submittedBy": "erin", "liftedHoldIds": [], "releasedEnvironments": ["staging", "prod"]}	2026-11-30 09:39:03.53973+00	ChangeLedger.Changes.Change	10
\.


--
-- Data for Name: mt_doc_changesummary; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_changesummary (id, data, mt_last_modified, mt_dotnet_type, mt_version, repository, owner, recorded_at) FROM stdin;
pay-101	{"owner": "erin", "scope": {"excludes": ["src/ledger/**"], "includes": ["src/capture/**"]}, "title": "Retry card captures on timeout", "counts": {"reviews": 3, "releases": 1, "revisions": 1, "holdsLifted": 1, "holdsPlaced": 1, "validations": 6, "failedValidations": 2, "ownershipTransfers": 1}, "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-sonnet-4", "promptRef": "prompts/101", "sessionId": "s-101", "requestedBy": "alice"}, "status": "Released", "version": 17, "changeId": "pay-101", "reviewers": ["bob", "alice"], "baseCommit": "9f8e7d6", "headCommit": "b2b2b2b", "proposedAt": "2026-03-02T09:00:00+00:00", "recordedAt": "2026-11-30T09:38:54.207533+00:00", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "childChangeIds": [], "lastRecordedAt": "2026-11-30T09:38:58.4919+00:00", "parentChangeId": null, "acceptanceCriteria": ["a timed-out capture is retried at most 3 times", "no capture is retried after a decline"]}	2026-11-30 09:38:58.521+00	ChangeLedger.Contracts.ChangeSummary	17	github.com/acme/payments	erin	2026-11-30 09:38:54.207533+00
pay-102	{"owner": "dave", "scope": {"excludes": [], "includes": []}, "title": "Hotfix: decline code mapping", "counts": {"reviews": 1, "releases": 1, "revisions": 0, "holdsLifted": 0, "holdsPlaced": 0, "validations": 1, "failedValidations": 1, "ownershipTransfers": 0}, "origin": {"kind": "Human", "tool": null, "model": null, "promptRef": null, "sessionId": null, "requestedBy": null}, "status": "Released", "version": 6, "changeId": "pay-102", "reviewers": ["dave"], "baseCommit": null, "headCommit": "c3c3c3c", "proposedAt": "2026-03-03T10:30:00+00:00", "recordedAt": "2026-11-30T09:38:58.707366+00:00", "repository": "github.com/acme/payments", "submittedBy": "dave", "childChangeIds": [], "lastRecordedAt": "2026-11-30T09:38:59.360348+00:00", "parentChangeId": null, "acceptanceCriteria": []}	2026-11-30 09:38:59.384969+00	ChangeLedger.Contracts.ChangeSummary	6	github.com/acme/payments	dave	2026-11-30 09:38:58.707366+00
pay-103	{"owner": "alice", "scope": {"excludes": [], "includes": []}, "title": "Rewrite the refund engine", "counts": {"reviews": 1, "releases": 0, "revisions": 0, "holdsLifted": 0, "holdsPlaced": 0, "validations": 0, "failedValidations": 0, "ownershipTransfers": 0}, "origin": {"kind": "Generated", "tool": "copilot", "model": null, "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "status": "Rejected", "version": 3, "changeId": "pay-103", "reviewers": ["bob"], "baseCommit": null, "headCommit": "d4d4d4d", "proposedAt": "2026-03-03T11:00:00+00:00", "recordedAt": "2026-11-30T09:39:00.005676+00:00", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "childChangeIds": [], "lastRecordedAt": "2026-11-30T09:39:00.337407+00:00", "parentChangeId": null, "acceptanceCriteria": []}	2026-11-30 09:39:00.366501+00	ChangeLedger.Contracts.ChangeSummary	3	github.com/acme/payments	alice	2026-11-30 09:39:00.005676+00
pay-104	{"owner": "alice", "scope": {"excludes": [], "includes": ["src/capture/**", "src/retry/**"]}, "title": "Capture client and retries", "counts": {"reviews": 1, "releases": 0, "revisions": 0, "holdsLifted": 0, "holdsPlaced": 0, "validations": 0, "failedValidations": 0, "ownershipTransfers": 0}, "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-opus-4", "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "status": "Split", "version": 3, "changeId": "pay-104", "reviewers": ["bob"], "baseCommit": null, "headCommit": "e5e5e5e", "proposedAt": "2026-03-03T12:00:00+00:00", "recordedAt": "2026-11-30T09:39:00.756088+00:00", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "childChangeIds": ["pay-104a", "pay-104b"], "lastRecordedAt": "2026-11-30T09:39:01.161419+00:00", "parentChangeId": null, "acceptanceCriteria": []}	2026-11-30 09:39:01.173849+00	ChangeLedger.Contracts.ChangeSummary	3	github.com/acme/payments	alice	2026-11-30 09:39:00.756088+00
pay-104a	{"owner": "alice", "scope": {"excludes": [], "includes": []}, "title": "Extract capture client", "counts": {"reviews": 0, "releases": 0, "revisions": 0, "holdsLifted": 0, "holdsPlaced": 3, "validations": 1, "failedValidations": 0, "ownershipTransfers": 0}, "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-opus-4", "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "status": "InReview", "version": 5, "changeId": "pay-104a", "reviewers": [], "baseCommit": null, "headCommit": "e5e5e5e", "proposedAt": "2026-03-03T12:20:00+00:00", "recordedAt": "2026-11-30T09:39:01.161487+00:00", "repository": "github.com/acme/payments", "submittedBy": "bob", "childChangeIds": [], "lastRecordedAt": "2026-11-30T09:39:02.000422+00:00", "parentChangeId": "pay-104", "acceptanceCriteria": []}	2026-11-30 09:39:02.039454+00	ChangeLedger.Contracts.ChangeSummary	5	github.com/acme/payments	alice	2026-11-30 09:39:01.161487+00
pay-104b	{"owner": "alice", "scope": {"excludes": [], "includes": ["src/retry/**"]}, "title": "Move retries", "counts": {"reviews": 0, "releases": 0, "revisions": 0, "holdsLifted": 0, "holdsPlaced": 0, "validations": 0, "failedValidations": 0, "ownershipTransfers": 0}, "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-opus-4", "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "status": "Withdrawn", "version": 2, "changeId": "pay-104b", "reviewers": [], "baseCommit": null, "headCommit": "e5e5e5e", "proposedAt": "2026-03-03T12:20:00+00:00", "recordedAt": "2026-11-30T09:39:01.161502+00:00", "repository": "github.com/acme/payments", "submittedBy": "bob", "childChangeIds": [], "lastRecordedAt": "2026-11-30T09:39:01.373849+00:00", "parentChangeId": "pay-104", "acceptanceCriteria": []}	2026-11-30 09:39:01.396604+00	ChangeLedger.Contracts.ChangeSummary	2	github.com/acme/payments	alice	2026-11-30 09:39:01.161502+00
led-201	{"owner": "erin", "scope": {"excludes": [], "includes": []}, "title": "Index the journal by posting date", "counts": {"reviews": 1, "releases": 2, "revisions": 0, "holdsLifted": 0, "holdsPlaced": 0, "validations": 1, "failedValidations": 0, "ownershipTransfers": 2}, "origin": {"kind": "Human", "tool": null, "model": null, "promptRef": null, "sessionId": null, "requestedBy": null}, "status": "Released", "version": 10, "changeId": "led-201", "reviewers": ["bob"], "baseCommit": "0a0a0a0", "headCommit": "f6f6f6f", "proposedAt": "2026-03-04T08:00:00+00:00", "recordedAt": "2026-11-30T09:39:02.117569+00:00", "repository": "github.com/acme/ledger", "submittedBy": "erin", "childChangeIds": [], "lastRecordedAt": "2026-11-30T09:39:03.485536+00:00", "parentChangeId": null, "acceptanceCriteria": ["month-end close under 5 minutes"]}	2026-11-30 09:39:03.53973+00	ChangeLedger.Contracts.ChangeSummary	10	github.com/acme/ledger	erin	2026-11-30 09:39:02.117569+00
pay-301	{"owner": "alice", "scope": {"excludes": [], "includes": []}, "title": "Retry idempotent refunds", "counts": {"reviews": 0, "releases": 0, "revisions": 0, "holdsLifted": 0, "holdsPlaced": 0, "validations": 1, "failedValidations": 1, "ownershipTransfers": 0}, "origin": {"kind": "Generated", "tool": "claude-code", "model": "opus-4", "promptRef": null, "sessionId": null, "requestedBy": "bob"}, "status": "InReview", "version": 2, "changeId": "pay-301", "reviewers": [], "baseCommit": "base000", "headCommit": "c0ffee1", "proposedAt": "2026-11-20T09:00:00+00:00", "recordedAt": "2026-11-30T09:39:04.309885+00:00", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "childChangeIds": [], "lastRecordedAt": "2026-11-30T09:39:04.547384+00:00", "parentChangeId": null, "acceptanceCriteria": []}	2026-11-30 09:39:04.581087+00	ChangeLedger.Contracts.ChangeSummary	2	github.com/acme/payments	alice	2026-11-30 09:39:04.309885+00
led-202	{"owner": "gina", "scope": {"excludes": [], "includes": []}, "title": "Cap journal retries", "counts": {"reviews": 0, "releases": 0, "revisions": 0, "holdsLifted": 0, "holdsPlaced": 1, "validations": 1, "failedValidations": 0, "ownershipTransfers": 1}, "origin": {"kind": "Generated", "tool": "claude-code", "model": null, "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "status": "InReview", "version": 4, "changeId": "led-202", "reviewers": [], "baseCommit": null, "headCommit": "1234abc", "proposedAt": "2026-03-05T11:00:00+00:00", "recordedAt": "2026-11-30T09:39:03.925928+00:00", "repository": "github.com/acme/ledger", "submittedBy": "ci-bot", "childChangeIds": [], "lastRecordedAt": "2026-11-30T09:39:03.986731+00:00", "parentChangeId": null, "acceptanceCriteria": []}	2026-11-30 09:39:04.007279+00	ChangeLedger.Contracts.ChangeSummary	4	github.com/acme/ledger	gina	2026-11-30 09:39:03.925928+00
mob-401	{"owner": "hana", "scope": {"excludes": [], "includes": []}, "title": "Dark mode", "counts": {"reviews": 0, "releases": 0, "revisions": 0, "holdsLifted": 0, "holdsPlaced": 0, "validations": 0, "failedValidations": 0, "ownershipTransfers": 0}, "origin": {"kind": "Human", "tool": null, "model": null, "promptRef": null, "sessionId": null, "requestedBy": null}, "status": "Withdrawn", "version": 2, "changeId": "mob-401", "reviewers": [], "baseCommit": null, "headCommit": "abcdef0", "proposedAt": "2026-03-06T08:00:00+00:00", "recordedAt": "2026-11-30T09:39:04.659613+00:00", "repository": "gitlab.com/beta/mobile", "submittedBy": "hana", "childChangeIds": [], "lastRecordedAt": "2026-11-30T09:39:04.801977+00:00", "parentChangeId": null, "acceptanceCriteria": []}	2026-11-30 09:39:04.833074+00	ChangeLedger.Contracts.ChangeSummary	2	gitlab.com/beta/mobile	hana	2026-11-30 09:39:04.659613+00
\.


--
-- Data for Name: mt_doc_deadletterevent; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_deadletterevent (id, data, mt_last_modified, mt_version, mt_dotnet_type) FROM stdin;
\.


--
-- Data for Name: mt_doc_envelope; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_envelope (id, data, mt_last_modified, mt_version, mt_dotnet_type) FROM stdin;
\.


--
-- Data for Name: mt_doc_evidence; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_evidence (id, data, mt_last_modified, mt_dotnet_type, mt_version) FROM stdin;
pay-102	{"checks": [{"runs": [{"check": "unit-tests", "stale": false, "commit": "c3c3c3c", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Failed", "version": 2, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-03T10:35:00+00:00", "recordedAt": "2026-11-30T09:38:58.870414+00:00"}], "check": "unit-tests", "staleRuns": [], "latestOnHead": {"check": "unit-tests", "stale": false, "commit": "c3c3c3c", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Failed", "version": 2, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-03T10:35:00+00:00", "recordedAt": "2026-11-30T09:38:58.870414+00:00"}}], "reviews": [{"stale": false, "commit": "c3c3c3c", "comment": null, "version": 3, "decision": "Accepted", "reviewer": "dave", "occurredAt": "2026-03-03T10:40:00+00:00", "recordedAt": "2026-11-30T09:38:59.001845+00:00"}], "version": 6, "changeId": "pay-102", "headCommit": "c3c3c3c", "repository": "github.com/acme/payments"}	2026-11-30 09:38:59.384969+00	ChangeLedger.Contracts.Evidence	6
pay-101	{"checks": [{"runs": [{"check": "unit-tests", "stale": true, "commit": "a1a1a1a", "runUrl": "https://github.com/acme/payments/actions/runs/101", "runner": "github-actions", "command": "dotnet test", "outcome": "Passed", "version": 2, "logDigest": "sha256:0101", "durationMs": 48210, "occurredAt": "2026-03-02T09:05:00+00:00", "recordedAt": "2026-11-30T09:38:54.782652+00:00"}, {"check": "unit-tests", "stale": false, "commit": "b2b2b2b", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Passed", "version": 6, "logDigest": null, "durationMs": 47000, "occurredAt": "2026-03-02T10:05:00+00:00", "recordedAt": "2026-11-30T09:38:56.186286+00:00"}], "check": "unit-tests", "staleRuns": [{"check": "unit-tests", "stale": true, "commit": "a1a1a1a", "runUrl": "https://github.com/acme/payments/actions/runs/101", "runner": "github-actions", "command": "dotnet test", "outcome": "Passed", "version": 2, "logDigest": "sha256:0101", "durationMs": 48210, "occurredAt": "2026-03-02T09:05:00+00:00", "recordedAt": "2026-11-30T09:38:54.782652+00:00"}], "latestOnHead": {"check": "unit-tests", "stale": false, "commit": "b2b2b2b", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Passed", "version": 6, "logDigest": null, "durationMs": 47000, "occurredAt": "2026-03-02T10:05:00+00:00", "recordedAt": "2026-11-30T09:38:56.186286+00:00"}}, {"runs": [{"check": "lint", "stale": true, "commit": "a1a1a1a", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Failed", "version": 3, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-02T09:06:00+00:00", "recordedAt": "2026-11-30T09:38:55.065158+00:00"}, {"check": "lint", "stale": false, "commit": "b2b2b2b", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Errored", "version": 7, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-02T10:06:00+00:00", "recordedAt": "2026-11-30T09:38:56.426061+00:00"}, {"check": "lint", "stale": false, "commit": "b2b2b2b", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Passed", "version": 8, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-02T10:09:00+00:00", "recordedAt": "2026-11-30T09:38:56.840514+00:00"}], "check": "lint", "staleRuns": [{"check": "lint", "stale": true, "commit": "a1a1a1a", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Failed", "version": 3, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-02T09:06:00+00:00", "recordedAt": "2026-11-30T09:38:55.065158+00:00"}], "latestOnHead": {"check": "lint", "stale": false, "commit": "b2b2b2b", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Passed", "version": 8, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-02T10:09:00+00:00", "recordedAt": "2026-11-30T09:38:56.840514+00:00"}}, {"runs": [{"check": "smoke", "stale": false, "commit": "b2b2b2b", "runUrl": null, "runner": "argo", "command": null, "outcome": "Passed", "version": 16, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-02T12:20:00+00:00", "recordedAt": "2026-11-30T09:38:58.030243+00:00"}], "check": "smoke", "staleRuns": [], "latestOnHead": {"check": "smoke", "stale": false, "commit": "b2b2b2b", "runUrl": null, "runner": "argo", "command": null, "outcome": "Passed", "version": 16, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-02T12:20:00+00:00", "recordedAt": "2026-11-30T09:38:58.030243+00:00"}}], "reviews": [{"stale": true, "commit": "a1a1a1a", "comment": "lint fails", "version": 4, "decision": "RevisionRequested", "reviewer": "bob", "occurredAt": "2026-03-02T09:30:00+00:00", "recordedAt": "2026-11-30T09:38:55.5186+00:00"}, {"stale": false, "commit": "b2b2b2b", "comment": "my own change, looks fine", "version": 9, "decision": "Accepted", "reviewer": "alice", "occurredAt": "2026-03-02T10:20:00+00:00", "recordedAt": "2026-11-30T09:38:56.940539+00:00"}, {"stale": false, "commit": "b2b2b2b", "comment": "retry bound is right", "version": 10, "decision": "Accepted", "reviewer": "bob", "occurredAt": "2026-03-02T10:30:00+00:00", "recordedAt": "2026-11-30T09:38:57.033915+00:00"}], "version": 17, "changeId": "pay-101", "headCommit": "b2b2b2b", "repository": "github.com/acme/payments"}	2026-11-30 09:38:58.521+00	ChangeLedger.Contracts.Evidence	17
pay-104a	{"checks": [{"runs": [{"check": "unit-tests", "stale": false, "commit": "e5e5e5e", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Skipped", "version": 5, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-03T13:30:00+00:00", "recordedAt": "2026-11-30T09:39:02.000422+00:00"}], "check": "unit-tests", "staleRuns": [], "latestOnHead": {"check": "unit-tests", "stale": false, "commit": "e5e5e5e", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Skipped", "version": 5, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-03T13:30:00+00:00", "recordedAt": "2026-11-30T09:39:02.000422+00:00"}}], "reviews": [], "version": 5, "changeId": "pay-104a", "headCommit": "e5e5e5e", "repository": "github.com/acme/payments"}	2026-11-30 09:39:02.039454+00	ChangeLedger.Contracts.Evidence	5
pay-103	{"checks": [], "reviews": [{"stale": false, "commit": "d4d4d4d", "comment": "too risky", "version": 2, "decision": "Rejected", "reviewer": "bob", "occurredAt": "2026-03-03T11:30:00+00:00", "recordedAt": "2026-11-30T09:39:00.146083+00:00"}], "version": 3, "changeId": "pay-103", "headCommit": "d4d4d4d", "repository": "github.com/acme/payments"}	2026-11-30 09:39:00.366501+00	ChangeLedger.Contracts.Evidence	3
pay-104	{"checks": [], "reviews": [{"stale": false, "commit": "e5e5e5e", "comment": "two changes in one", "version": 2, "decision": "SplitRequested", "reviewer": "bob", "occurredAt": "2026-03-03T12:10:00+00:00", "recordedAt": "2026-11-30T09:39:00.986596+00:00"}], "version": 3, "changeId": "pay-104", "headCommit": "e5e5e5e", "repository": "github.com/acme/payments"}	2026-11-30 09:39:01.173849+00	ChangeLedger.Contracts.Evidence	3
pay-104b	{"checks": [], "reviews": [], "version": 2, "changeId": "pay-104b", "headCommit": "e5e5e5e", "repository": "github.com/acme/payments"}	2026-11-30 09:39:01.396604+00	ChangeLedger.Contracts.Evidence	2
mob-401	{"checks": [], "reviews": [], "version": 2, "changeId": "mob-401", "headCommit": "abcdef0", "repository": "gitlab.com/beta/mobile"}	2026-11-30 09:39:04.833074+00	ChangeLedger.Contracts.Evidence	2
led-202	{"checks": [{"runs": [{"check": "unit-tests", "stale": false, "commit": "1234abc", "runUrl": null, "runner": "gitlab-ci", "command": null, "outcome": "Passed", "version": 2, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-05T11:05:00+00:00", "recordedAt": "2026-11-30T09:39:03.949632+00:00"}], "check": "unit-tests", "staleRuns": [], "latestOnHead": {"check": "unit-tests", "stale": false, "commit": "1234abc", "runUrl": null, "runner": "gitlab-ci", "command": null, "outcome": "Passed", "version": 2, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-05T11:05:00+00:00", "recordedAt": "2026-11-30T09:39:03.949632+00:00"}}], "reviews": [], "version": 4, "changeId": "led-202", "headCommit": "1234abc", "repository": "github.com/acme/ledger"}	2026-11-30 09:39:04.007279+00	ChangeLedger.Contracts.Evidence	4
led-201	{"checks": [{"runs": [{"check": "migrations", "stale": false, "commit": "f6f6f6f", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Passed", "version": 2, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-04T08:10:00+00:00", "recordedAt": "2026-11-30T09:39:02.297159+00:00"}], "check": "migrations", "staleRuns": [], "latestOnHead": {"check": "migrations", "stale": false, "commit": "f6f6f6f", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Passed", "version": 2, "logDigest": null, "durationMs": null, "occurredAt": "2026-03-04T08:10:00+00:00", "recordedAt": "2026-11-30T09:39:02.297159+00:00"}}], "reviews": [{"stale": false, "commit": "f6f6f6f", "comment": null, "version": 3, "decision": "Accepted", "reviewer": "bob", "occurredAt": "2026-03-04T08:20:00+00:00", "recordedAt": "2026-11-30T09:39:02.462003+00:00"}], "version": 10, "changeId": "led-201", "headCommit": "f6f6f6f", "repository": "github.com/acme/ledger"}	2026-11-30 09:39:03.53973+00	ChangeLedger.Contracts.Evidence	10
pay-301	{"checks": [{"runs": [{"check": "refund-retry-e2e", "stale": false, "commit": "c0ffee1", "runUrl": null, "runner": "https://ci.example.com/acme/payments/runs/902", "command": null, "outcome": "Failed", "version": 2, "logDigest": null, "durationMs": null, "occurredAt": "2026-11-20T09:25:00+00:00", "recordedAt": "2026-11-30T09:39:04.547384+00:00"}], "check": "refund-retry-e2e", "staleRuns": [], "latestOnHead": {"check": "refund-retry-e2e", "stale": false, "commit": "c0ffee1", "runUrl": null, "runner": "https://ci.example.com/acme/payments/runs/902", "command": null, "outcome": "Failed", "version": 2, "logDigest": null, "durationMs": null, "occurredAt": "2026-11-20T09:25:00+00:00", "recordedAt": "2026-11-30T09:39:04.547384+00:00"}}], "reviews": [], "version": 2, "changeId": "pay-301", "headCommit": "c0ffee1", "repository": "github.com/acme/payments"}	2026-11-30 09:39:04.581087+00	ChangeLedger.Contracts.Evidence	2
\.


--
-- Data for Name: mt_doc_ingestionreceipt; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_ingestionreceipt (id, data, mt_last_modified, mt_version, mt_dotnet_type) FROM stdin;
policy-pay-1	{"id": "policy-pay-1", "version": 1, "changeId": "~policy:github.com%2Facme%2Fpayments", "operation": "set-policy", "recordedAt": "2026-11-30T09:38:53.7714094+00:00", "statusCode": 201, "contentHash": "2c4d7e442814a4aacace6e62860f4a7faba3a4dac8de0964b5561a5502c2e704", "responseJson": "{\\"repository\\":\\"github.com/acme/payments\\",\\"requiredChecks\\":[\\"unit-tests\\",\\"lint\\"],\\"minApprovals\\":1,\\"generatedChangesNeedHumanReview\\":true,\\"holdsBlockRelease\\":true,\\"version\\":1,\\"isDefault\\":false,\\"setBy\\":\\"carol\\",\\"reason\\":\\"payments needs tests and lint\\",\\"setAt\\":null}"}	2026-11-30 09:38:53.85262+00	01a22bd2-5319-4d1d-a356-40c7ac0d5d45	ChangeLedger.Changes.IngestionReceipt
run-101-propose	{"id": "run-101-propose", "version": 1, "changeId": "pay-101", "operation": "propose", "recordedAt": "2026-11-30T09:38:54.1941869+00:00", "statusCode": 201, "contentHash": "862f29a2e5ce7236c76fab404b9866aa2881b591686923b875af5f95b0411068", "responseJson": "{\\"changeId\\":\\"pay-101\\",\\"version\\":1,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:38:54.335357+00	01a22bd2-54a6-47ed-b497-3d7d094a0f41	ChangeLedger.Changes.IngestionReceipt
run-101-unit	{"id": "run-101-unit", "version": 2, "changeId": "pay-101", "operation": "record-validation", "recordedAt": "2026-11-30T09:38:54.7782256+00:00", "statusCode": 201, "contentHash": "2a7f3c3612a49df076317e9b16f3c0d874f9cc5d216fa59d78e5c72d192743df", "responseJson": "{\\"changeId\\":\\"pay-101\\",\\"version\\":2,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:38:54.874478+00	01a22bd2-570b-433e-b68c-4cee5900b949	ChangeLedger.Changes.IngestionReceipt
run-101-lint	{"id": "run-101-lint", "version": 3, "changeId": "pay-101", "operation": "record-validation", "recordedAt": "2026-11-30T09:38:55.0621464+00:00", "statusCode": 201, "contentHash": "61d580ad653a76d9891c92d9a858795f5f53e9be207d7aedfc898e31b45e0cd2", "responseJson": "{\\"changeId\\":\\"pay-101\\",\\"version\\":3,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:38:55.101622+00	01a22bd2-57fc-4d60-8912-cf9238e556ec	ChangeLedger.Changes.IngestionReceipt
run-102-revise	{"id": "run-102-revise", "version": 5, "changeId": "pay-101", "operation": "revise", "recordedAt": "2026-11-30T09:38:55.8941682+00:00", "statusCode": 201, "contentHash": "20f9b0c4fe773f8ed956c22cc9a0e3bf3dd2fd523836f703a70bf611cc78ef0b", "responseJson": "{\\"changeId\\":\\"pay-101\\",\\"version\\":5,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:38:55.933051+00	01a22bd2-5b36-4e6d-bd62-0d3c5251e5c9	ChangeLedger.Changes.IngestionReceipt
run-102-unit	{"id": "run-102-unit", "version": 6, "changeId": "pay-101", "operation": "record-validation", "recordedAt": "2026-11-30T09:38:56.1856839+00:00", "statusCode": 201, "contentHash": "b6d5b743a86de7be863bfc135bb6f52678f7038ee0524aa7657ed7260edf841a", "responseJson": "{\\"changeId\\":\\"pay-101\\",\\"version\\":6,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:38:56.247382+00	01a22bd2-5c76-45fe-9566-8293bddf19f7	ChangeLedger.Changes.IngestionReceipt
run-102-lint	{"id": "run-102-lint", "version": 7, "changeId": "pay-101", "operation": "record-validation", "recordedAt": "2026-11-30T09:38:56.425367+00:00", "statusCode": 201, "contentHash": "4ddc2cbf094f1c9187517c8c55712344aac7d8d8c5fad2ef3a1e0419033e766e", "responseJson": "{\\"changeId\\":\\"pay-101\\",\\"version\\":7,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:38:56.471267+00	01a22bd2-5d4b-4c9e-b5e4-c547977c53a8	ChangeLedger.Changes.IngestionReceipt
run-102-lint-retry	{"id": "run-102-lint-retry", "version": 8, "changeId": "pay-101", "operation": "record-validation", "recordedAt": "2026-11-30T09:38:56.8401844+00:00", "statusCode": 201, "contentHash": "a6a799c65b95f0140826c48ff8ee522a4669bc7160ee0b7369a396952c472ed5", "responseJson": "{\\"changeId\\":\\"pay-101\\",\\"version\\":8,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:38:56.854418+00	01a22bd2-5ed4-4a3e-9b3f-3b39589f3828	ChangeLedger.Changes.IngestionReceipt
deploy-101-prod	{"id": "deploy-101-prod", "version": 15, "changeId": "pay-101", "operation": "release", "recordedAt": "2026-11-30T09:38:57.8299799+00:00", "statusCode": 201, "contentHash": "80d468adc489ec4c55f0abe10510f9bee152b9ac048f86c6899a24eb62944f17", "responseJson": "{\\"changeId\\":\\"pay-101\\",\\"released\\":true,\\"version\\":15,\\"verdict\\":{\\"changeId\\":\\"pay-101\\",\\"environment\\":\\"prod\\",\\"ready\\":true,\\"policyRepository\\":\\"github.com/acme/payments\\",\\"policyVersion\\":1,\\"evaluatedAt\\":\\"2026-11-30T09:38:57.8286101+00:00\\",\\"changeVersion\\":13,\\"inputsDigest\\":\\"bcc3c7be1fdd73af4d698ee5e07f8d98c4cbfe19276fef09e8432cdbd33b278f\\",\\"rules\\":[{\\"rule\\":\\"status-allows-release\\",\\"passed\\":true,\\"detail\\":\\"Status accepted allows release.\\",\\"evidence\\":[]},{\\"rule\\":\\"not-already-released\\",\\"passed\\":true,\\"detail\\":\\"Not yet released to prod.\\",\\"evidence\\":[]},{\\"rule\\":\\"required-check:unit-tests\\",\\"passed\\":true,\\"detail\\":\\"unit-tests passed on head b2b2b2b.\\",\\"evidence\\":[{\\"version\\":6,\\"type\\":\\"validation_recorded\\",\\"detail\\":\\"unit-tests passed on b2b2b2b\\"}]},{\\"rule\\":\\"required-check:lint\\",\\"passed\\":true,\\"detail\\":\\"lint passed on head b2b2b2b.\\",\\"evidence\\":[{\\"version\\":8,\\"type\\":\\"validation_recorded\\",\\"detail\\":\\"lint passed on b2b2b2b\\"}]},{\\"rule\\":\\"min-approvals\\",\\"passed\\":true,\\"detail\\":\\"1 independent approval(s) on the head commit; the policy requires 1. Not counted: alice (the owner).\\",\\"evidence\\":[{\\"version\\":10,\\"type\\":\\"review_decided\\",\\"detail\\":\\"bob accepted on b2b2b2b\\"},{\\"version\\":9,\\"type\\":\\"review_decided\\",\\"detail\\":\\"the owner\\"}]},{\\"rule\\":\\"generated-change-human-review\\",\\"passed\\":true,\\"detail\\":\\"Generated by claude-code; accepted by independent human bob.\\",\\"evidence\\":[{\\"version\\":10,\\"type\\":\\"review_decided\\",\\"detail\\":\\"bob accepted on b2b2b2b\\"}]},{\\"rule\\":\\"no-open-holds\\",\\"passed\\":true,\\"detail\\":\\"No hold is in force.\\",\\"evidence\\":[]}]},\\"override\\":null,\\"replayed\\":false}"}	2026-11-30 09:38:57.869189+00	01a22bd2-62ca-4bca-b768-100dbea177bf	ChangeLedger.Changes.IngestionReceipt
smoke-101-prod	{"id": "smoke-101-prod", "version": 16, "changeId": "pay-101", "operation": "record-validation", "recordedAt": "2026-11-30T09:38:58.0297276+00:00", "statusCode": 201, "contentHash": "337018a93048f5f0ecf6a40487e981e92783acd7ff313c51169a72c19e528aa5", "responseJson": "{\\"changeId\\":\\"pay-101\\",\\"version\\":16,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:38:58.063603+00	01a22bd2-638b-4b0f-85ce-64c151b89bba	ChangeLedger.Changes.IngestionReceipt
split-104	{"id": "split-104", "version": 3, "changeId": "pay-104", "operation": "split", "recordedAt": "2026-11-30T09:39:01.1570744+00:00", "statusCode": 201, "contentHash": "e2fb4b5ef03ab2141b7a61555ef3e6f2cf01557abe4fd5edd1af80ba455abe5a", "responseJson": "{\\"changeId\\":\\"pay-104\\",\\"version\\":3,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:39:01.173849+00	01a22bd2-6fb3-466a-a068-c34b50624527	ChangeLedger.Changes.IngestionReceipt
run-202-propose	{"id": "run-202-propose", "version": 1, "changeId": "led-202", "operation": "propose", "recordedAt": "2026-11-30T09:39:03.9254818+00:00", "statusCode": 201, "contentHash": "a1bee8f757f3aef825edddc0f570e31113271b9786df86f955afa2fd0569ffc0", "responseJson": "{\\"changeId\\":\\"led-202\\",\\"version\\":1,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:39:03.942778+00	01a22bd2-7a85-4ecd-96ce-0395bf1a9657	ChangeLedger.Changes.IngestionReceipt
run-202-unit	{"id": "run-202-unit", "version": 2, "changeId": "led-202", "operation": "record-validation", "recordedAt": "2026-11-30T09:39:03.9493528+00:00", "statusCode": 201, "contentHash": "55277c6e1d9fe3f9d761e316a0b99ecfc36834dd7bd7c83f7b6f26b510959426", "responseJson": "{\\"changeId\\":\\"led-202\\",\\"version\\":2,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:39:03.960127+00	01a22bd2-7a97-4cbf-aa82-76985b855e21	ChangeLedger.Changes.IngestionReceipt
override-102	{"id": "override-102", "version": 6, "changeId": "pay-102", "operation": "release", "recordedAt": "2026-11-30T09:38:59.3595587+00:00", "statusCode": 201, "contentHash": "62b82eabf3f802e462e997fda7006a1d8f68711f58893855c77e839b0ef8ef9e", "responseJson": "{\\"changeId\\":\\"pay-102\\",\\"released\\":true,\\"version\\":6,\\"verdict\\":{\\"changeId\\":\\"pay-102\\",\\"environment\\":\\"prod\\",\\"ready\\":false,\\"policyRepository\\":\\"github.com/acme/payments\\",\\"policyVersion\\":2,\\"evaluatedAt\\":\\"2026-11-30T09:38:59.3581952+00:00\\",\\"changeVersion\\":4,\\"inputsDigest\\":\\"28a64fa11bbd97cb5a2eae6acd0611e054f97b2b09236b97110af5a8e2f4a405\\",\\"rules\\":[{\\"rule\\":\\"status-allows-release\\",\\"passed\\":true,\\"detail\\":\\"Status accepted allows release.\\",\\"evidence\\":[]},{\\"rule\\":\\"not-already-released\\",\\"passed\\":true,\\"detail\\":\\"Not yet released to prod.\\",\\"evidence\\":[]},{\\"rule\\":\\"required-check:unit-tests\\",\\"passed\\":false,\\"detail\\":\\"The latest run of unit-tests on head c3c3c3c failed.\\",\\"evidence\\":[{\\"version\\":2,\\"type\\":\\"validation_recorded\\",\\"detail\\":\\"unit-tests failed on c3c3c3c\\"}]},{\\"rule\\":\\"required-check:lint\\",\\"passed\\":false,\\"detail\\":\\"No run of lint is recorded on head c3c3c3c.\\",\\"evidence\\":[]},{\\"rule\\":\\"required-check:e2e\\",\\"passed\\":false,\\"detail\\":\\"No run of e2e is recorded on head c3c3c3c.\\",\\"evidence\\":[]},{\\"rule\\":\\"min-approvals\\",\\"passed\\":false,\\"detail\\":\\"0 independent approval(s) on the head commit; the policy requires 1. Not counted: dave (the owner).\\",\\"evidence\\":[{\\"version\\":3,\\"type\\":\\"review_decided\\",\\"detail\\":\\"the owner\\"}]},{\\"rule\\":\\"generated-change-human-review\\",\\"passed\\":true,\\"detail\\":\\"A human-written change; no extra review rule applies.\\",\\"evidence\\":[]},{\\"rule\\":\\"no-open-holds\\",\\"passed\\":true,\\"detail\\":\\"No hold is in force.\\",\\"evidence\\":[]}]},\\"override\\":{\\"by\\":\\"frank\\",\\"justification\\":\\"INC-13: declines mis-mapped in prod; tests fixed in pay-105\\"},\\"replayed\\":false}"}	2026-11-30 09:38:59.384969+00	01a22bd2-68b5-47e2-9018-6be396278925	ChangeLedger.Changes.IngestionReceipt
ce:https://ci.example.com/acme/payments evt-301-created	{"id": "ce:https://ci.example.com/acme/payments evt-301-created", "version": 1, "changeId": "pay-301", "operation": "propose", "recordedAt": "2026-11-30T09:39:04.3093472+00:00", "statusCode": 201, "contentHash": "a635088c0f3a74c8cfaa8e2b0067c9779a821aa2b7f6579c0ce055eea1e6510e", "responseJson": "{\\"changeId\\":\\"pay-301\\",\\"version\\":1,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:39:04.31331+00	01a22bd2-7bf7-4e69-811e-1f77ae0d3722	ChangeLedger.Changes.IngestionReceipt
mob-401-withdraw	{"id": "mob-401-withdraw", "version": 2, "changeId": "mob-401", "operation": "withdraw", "recordedAt": "2026-11-30T09:39:04.8015009+00:00", "statusCode": 201, "contentHash": "6af594d72dcf4f321b33f57cbb55600a0b3a4ef04d70fa096fff6dd24d840db1", "responseJson": "{\\"changeId\\":\\"mob-401\\",\\"version\\":2,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:39:04.833074+00	01a22bd2-7e00-4cfe-96cb-15a0db0de9ef	ChangeLedger.Changes.IngestionReceipt
ce:https://ci.example.com/acme/payments/runs/902 evt-301-case	{"id": "ce:https://ci.example.com/acme/payments/runs/902 evt-301-case", "version": 2, "changeId": "pay-301", "operation": "record-validation", "recordedAt": "2026-11-30T09:39:04.5470064+00:00", "statusCode": 201, "contentHash": "f1d651dd57a57feb069278c1be20d5892c4e6ec1f4070f9a7002a4f753adc4c5", "responseJson": "{\\"changeId\\":\\"pay-301\\",\\"version\\":2,\\"replayed\\":false,\\"holdId\\":null}"}	2026-11-30 09:39:04.581087+00	01a22bd2-7d00-48d2-a7d2-747669bf36a1	ChangeLedger.Changes.IngestionReceipt
\.


--
-- Data for Name: mt_doc_ownershiphistory; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_ownershiphistory (id, data, mt_last_modified, mt_dotnet_type, mt_version) FROM stdin;
pay-104a	{"history": [{"by": "bob", "owner": "alice", "reason": "split from pay-104", "version": 1, "occurredAt": "2026-03-03T12:20:00+00:00", "recordedAt": "2026-11-30T09:39:01.161487+00:00", "previousOwner": null}], "version": 5, "changeId": "pay-104a", "repository": "github.com/acme/payments", "currentOwner": "alice"}	2026-11-30 09:39:02.039454+00	ChangeLedger.Contracts.OwnershipHistory	5
pay-102	{"history": [{"by": "dave", "owner": "dave", "reason": "proposed", "version": 1, "occurredAt": "2026-03-03T10:30:00+00:00", "recordedAt": "2026-11-30T09:38:58.707366+00:00", "previousOwner": null}], "version": 6, "changeId": "pay-102", "repository": "github.com/acme/payments", "currentOwner": "dave"}	2026-11-30 09:38:59.384969+00	ChangeLedger.Contracts.OwnershipHistory	6
pay-103	{"history": [{"by": "ci-bot", "owner": "alice", "reason": "proposed", "version": 1, "occurredAt": "2026-03-03T11:00:00+00:00", "recordedAt": "2026-11-30T09:39:00.005676+00:00", "previousOwner": null}], "version": 3, "changeId": "pay-103", "repository": "github.com/acme/payments", "currentOwner": "alice"}	2026-11-30 09:39:00.366501+00	ChangeLedger.Contracts.OwnershipHistory	3
pay-104	{"history": [{"by": "ci-bot", "owner": "alice", "reason": "proposed", "version": 1, "occurredAt": "2026-03-03T12:00:00+00:00", "recordedAt": "2026-11-30T09:39:00.756088+00:00", "previousOwner": null}], "version": 3, "changeId": "pay-104", "repository": "github.com/acme/payments", "currentOwner": "alice"}	2026-11-30 09:39:01.173849+00	ChangeLedger.Contracts.OwnershipHistory	3
pay-104b	{"history": [{"by": "bob", "owner": "alice", "reason": "split from pay-104", "version": 1, "occurredAt": "2026-03-03T12:20:00+00:00", "recordedAt": "2026-11-30T09:39:01.161502+00:00", "previousOwner": null}], "version": 2, "changeId": "pay-104b", "repository": "github.com/acme/payments", "currentOwner": "alice"}	2026-11-30 09:39:01.396604+00	ChangeLedger.Contracts.OwnershipHistory	2
pay-101	{"history": [{"by": "ci-bot", "owner": "alice", "reason": "proposed", "version": 1, "occurredAt": "2026-03-02T09:00:00+00:00", "recordedAt": "2026-11-30T09:38:54.207533+00:00", "previousOwner": null}, {"by": "alice", "owner": "erin", "reason": "alice moves to the platform team", "version": 17, "occurredAt": "2026-03-03T09:00:00+00:00", "recordedAt": "2026-11-30T09:38:58.4919+00:00", "previousOwner": "alice"}], "version": 17, "changeId": "pay-101", "repository": "github.com/acme/payments", "currentOwner": "erin"}	2026-11-30 09:38:58.521+00	ChangeLedger.Contracts.OwnershipHistory	17
led-201	{"history": [{"by": "erin", "owner": "erin", "reason": "proposed", "version": 1, "occurredAt": "2026-03-04T08:00:00+00:00", "recordedAt": "2026-11-30T09:39:02.117569+00:00", "previousOwner": null}, {"by": "erin", "owner": "gina", "reason": "on leave", "version": 9, "occurredAt": "2026-03-04T10:00:00+00:00", "recordedAt": "2026-11-30T09:39:03.261221+00:00", "previousOwner": "erin"}, {"by": "gina", "owner": "erin", "reason": "back from leave", "version": 10, "occurredAt": "2026-03-05T10:00:00+00:00", "recordedAt": "2026-11-30T09:39:03.485536+00:00", "previousOwner": "gina"}], "version": 10, "changeId": "led-201", "repository": "github.com/acme/ledger", "currentOwner": "erin"}	2026-11-30 09:39:03.53973+00	ChangeLedger.Contracts.OwnershipHistory	10
led-202	{"history": [{"by": "ci-bot", "owner": "alice", "reason": "proposed", "version": 1, "occurredAt": "2026-03-05T11:00:00+00:00", "recordedAt": "2026-11-30T09:39:03.925928+00:00", "previousOwner": null}, {"by": "alice", "owner": "gina", "reason": "gina owns the journal", "version": 4, "occurredAt": "2026-03-05T11:15:00+00:00", "recordedAt": "2026-11-30T09:39:03.986731+00:00", "previousOwner": "alice"}], "version": 4, "changeId": "led-202", "repository": "github.com/acme/ledger", "currentOwner": "gina"}	2026-11-30 09:39:04.007279+00	ChangeLedger.Contracts.OwnershipHistory	4
mob-401	{"history": [{"by": "hana", "owner": "hana", "reason": "proposed", "version": 1, "occurredAt": "2026-03-06T08:00:00+00:00", "recordedAt": "2026-11-30T09:39:04.659613+00:00", "previousOwner": null}], "version": 2, "changeId": "mob-401", "repository": "gitlab.com/beta/mobile", "currentOwner": "hana"}	2026-11-30 09:39:04.833074+00	ChangeLedger.Contracts.OwnershipHistory	2
pay-301	{"history": [{"by": "ci-bot", "owner": "alice", "reason": "proposed", "version": 1, "occurredAt": "2026-11-20T09:00:00+00:00", "recordedAt": "2026-11-30T09:39:04.309885+00:00", "previousOwner": null}], "version": 2, "changeId": "pay-301", "repository": "github.com/acme/payments", "currentOwner": "alice"}	2026-11-30 09:39:04.581087+00	ChangeLedger.Contracts.OwnershipHistory	2
\.


--
-- Data for Name: mt_doc_personactivity; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_personactivity (id, data, mt_last_modified, mt_dotnet_type, mt_version, person) FROM stdin;
alice|led-202	{"id": "alice|led-202", "owned": [{"from": "2026-11-30T09:39:03.925928+00:00", "until": "2026-11-30T09:39:03.986731+00:00", "fromVersion": 1, "untilVersion": 4}], "person": "alice", "approved": [], "changeId": "led-202"}	2026-11-30 09:39:04.007279+00	ChangeLedger.Exports.PersonActivity	2	alice
bob|pay-101	{"id": "bob|pay-101", "owned": [], "person": "bob", "approved": [{"commit": "b2b2b2b", "version": 10, "occurredAt": "2026-03-02T10:30:00+00:00", "recordedAt": "2026-11-30T09:38:57.033915+00:00"}], "changeId": "pay-101"}	2026-11-30 09:38:57.040862+00	ChangeLedger.Exports.PersonActivity	2	bob
alice|pay-101	{"id": "alice|pay-101", "owned": [{"from": "2026-11-30T09:38:54.207533+00:00", "until": "2026-11-30T09:38:58.4919+00:00", "fromVersion": 1, "untilVersion": 17}], "person": "alice", "approved": [{"commit": "b2b2b2b", "version": 9, "occurredAt": "2026-03-02T10:20:00+00:00", "recordedAt": "2026-11-30T09:38:56.940539+00:00"}], "changeId": "pay-101"}	2026-11-30 09:38:58.521+00	ChangeLedger.Exports.PersonActivity	3	alice
erin|pay-101	{"id": "erin|pay-101", "owned": [{"from": "2026-11-30T09:38:58.4919+00:00", "until": null, "fromVersion": 17, "untilVersion": null}], "person": "erin", "approved": [], "changeId": "pay-101"}	2026-11-30 09:38:58.521+00	ChangeLedger.Exports.PersonActivity	1	erin
dave|pay-102	{"id": "dave|pay-102", "owned": [{"from": "2026-11-30T09:38:58.707366+00:00", "until": null, "fromVersion": 1, "untilVersion": null}], "person": "dave", "approved": [{"commit": "c3c3c3c", "version": 3, "occurredAt": "2026-03-03T10:40:00+00:00", "recordedAt": "2026-11-30T09:38:59.001845+00:00"}], "changeId": "pay-102"}	2026-11-30 09:38:59.034181+00	ChangeLedger.Exports.PersonActivity	2	dave
alice|pay-103	{"id": "alice|pay-103", "owned": [{"from": "2026-11-30T09:39:00.005676+00:00", "until": null, "fromVersion": 1, "untilVersion": null}], "person": "alice", "approved": [], "changeId": "pay-103"}	2026-11-30 09:39:00.010539+00	ChangeLedger.Exports.PersonActivity	1	alice
bob|pay-103	{"id": "bob|pay-103", "owned": [], "person": "bob", "approved": [], "changeId": "pay-103"}	2026-11-30 09:39:00.160318+00	ChangeLedger.Exports.PersonActivity	1	bob
alice|pay-104	{"id": "alice|pay-104", "owned": [{"from": "2026-11-30T09:39:00.756088+00:00", "until": null, "fromVersion": 1, "untilVersion": null}], "person": "alice", "approved": [], "changeId": "pay-104"}	2026-11-30 09:39:00.766873+00	ChangeLedger.Exports.PersonActivity	1	alice
bob|pay-104	{"id": "bob|pay-104", "owned": [], "person": "bob", "approved": [], "changeId": "pay-104"}	2026-11-30 09:39:01.021028+00	ChangeLedger.Exports.PersonActivity	1	bob
alice|pay-104b	{"id": "alice|pay-104b", "owned": [{"from": "2026-11-30T09:39:01.161502+00:00", "until": null, "fromVersion": 1, "untilVersion": null}], "person": "alice", "approved": [], "changeId": "pay-104b"}	2026-11-30 09:39:01.173849+00	ChangeLedger.Exports.PersonActivity	1	alice
alice|pay-104a	{"id": "alice|pay-104a", "owned": [{"from": "2026-11-30T09:39:01.161487+00:00", "until": null, "fromVersion": 1, "untilVersion": null}], "person": "alice", "approved": [], "changeId": "pay-104a"}	2026-11-30 09:39:01.173849+00	ChangeLedger.Exports.PersonActivity	1	alice
bob|led-201	{"id": "bob|led-201", "owned": [], "person": "bob", "approved": [{"commit": "f6f6f6f", "version": 3, "occurredAt": "2026-03-04T08:20:00+00:00", "recordedAt": "2026-11-30T09:39:02.462003+00:00"}], "changeId": "led-201"}	2026-11-30 09:39:02.491096+00	ChangeLedger.Exports.PersonActivity	1	bob
gina|led-202	{"id": "gina|led-202", "owned": [{"from": "2026-11-30T09:39:03.986731+00:00", "until": null, "fromVersion": 4, "untilVersion": null}], "person": "gina", "approved": [], "changeId": "led-202"}	2026-11-30 09:39:04.007279+00	ChangeLedger.Exports.PersonActivity	1	gina
erin|led-201	{"id": "erin|led-201", "owned": [{"from": "2026-11-30T09:39:02.117569+00:00", "until": "2026-11-30T09:39:03.261221+00:00", "fromVersion": 1, "untilVersion": 9}, {"from": "2026-11-30T09:39:03.485536+00:00", "until": null, "fromVersion": 10, "untilVersion": null}], "person": "erin", "approved": [], "changeId": "led-201"}	2026-11-30 09:39:03.53973+00	ChangeLedger.Exports.PersonActivity	3	erin
gina|led-201	{"id": "gina|led-201", "owned": [{"from": "2026-11-30T09:39:03.261221+00:00", "until": "2026-11-30T09:39:03.485536+00:00", "fromVersion": 9, "untilVersion": 10}], "person": "gina", "approved": [], "changeId": "led-201"}	2026-11-30 09:39:03.53973+00	ChangeLedger.Exports.PersonActivity	2	gina
alice|pay-301	{"id": "alice|pay-301", "owned": [{"from": "2026-11-30T09:39:04.309885+00:00", "until": null, "fromVersion": 1, "untilVersion": null}], "person": "alice", "approved": [], "changeId": "pay-301"}	2026-11-30 09:39:04.31331+00	ChangeLedger.Exports.PersonActivity	1	alice
hana|mob-401	{"id": "hana|mob-401", "owned": [{"from": "2026-11-30T09:39:04.659613+00:00", "until": null, "fromVersion": 1, "untilVersion": null}], "person": "hana", "approved": [], "changeId": "mob-401"}	2026-11-30 09:39:04.66313+00	ChangeLedger.Exports.PersonActivity	1	hana
\.


--
-- Data for Name: mt_doc_releaserecord; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_releaserecord (id, data, mt_last_modified, mt_dotnet_type, mt_version) FROM stdin;
pay-103	{"id": "pay-103", "holds": [], "version": 3, "releases": [], "verdicts": [{"ready": false, "rules": [{"rule": "status-allows-release", "detail": "Status rejected: a rejected, split or withdrawn change is never released.", "passed": false, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to staging.", "passed": true, "evidence": []}, {"rule": "required-check:unit-tests", "detail": "No run of unit-tests is recorded on head d4d4d4d.", "passed": false, "evidence": []}, {"rule": "required-check:lint", "detail": "No run of lint is recorded on head d4d4d4d.", "passed": false, "evidence": []}, {"rule": "required-check:e2e", "detail": "No run of e2e is recorded on head d4d4d4d.", "passed": false, "evidence": []}, {"rule": "min-approvals", "detail": "0 independent approval(s) on the head commit; the policy requires 1.", "passed": false, "evidence": []}, {"rule": "generated-change-human-review", "detail": "Generated by copilot: it needs an accepted review by an independent human on the head commit.", "passed": false, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "pay-103", "environment": "staging", "evaluatedAt": "2026-11-30T09:39:00.3361354+00:00", "inputsDigest": "7a1841e231cd55246858304f77b28ee0f7e66274b2db45687f6eb286d0e53b7a", "changeVersion": 2, "policyVersion": 2, "policyRepository": "github.com/acme/payments"}], "repository": "github.com/acme/payments"}	2026-11-30 09:39:00.366501+00	ChangeLedger.Release.ReleaseRecord	3
pay-104b	{"id": "pay-104b", "holds": [], "version": 2, "releases": [], "verdicts": [], "repository": "github.com/acme/payments"}	2026-11-30 09:39:01.396604+00	ChangeLedger.Release.ReleaseRecord	2
pay-104a	{"id": "pay-104a", "holds": [{"kind": "Incident", "holdId": "inc-14", "reason": "INC-14 under investigation", "liftedAt": null, "liftedBy": null, "placedAt": "2026-03-03T13:00:00+00:00", "placedBy": "oncall-carol", "expiresAt": "2026-03-03T14:00:00+00:00", "justification": null, "liftedVersion": null, "placedVersion": 2}, {"kind": "Manual", "holdId": "dba", "reason": "waiting for the DBA", "liftedAt": null, "liftedBy": null, "placedAt": "2026-03-03T13:10:00+00:00", "placedBy": "dana", "expiresAt": null, "justification": null, "liftedVersion": null, "placedVersion": 3}, {"kind": "Policy", "holdId": "pci", "reason": "PCI review due", "liftedAt": null, "liftedBy": null, "placedAt": "2026-03-03T13:20:00+00:00", "placedBy": "compliance-bot", "expiresAt": "2099-01-01T00:00:00+00:00", "justification": null, "liftedVersion": null, "placedVersion": 4}], "version": 5, "releases": [], "verdicts": [], "repository": "github.com/acme/payments"}	2026-11-30 09:39:02.039454+00	ChangeLedger.Release.ReleaseRecord	5
pay-101	{"id": "pay-101", "holds": [{"kind": "Freeze", "holdId": "q1-freeze", "reason": "end-of-quarter freeze", "liftedAt": "2026-03-02T12:00:00+00:00", "liftedBy": "dana", "placedAt": "2026-03-02T11:00:00+00:00", "placedBy": "dana", "expiresAt": null, "justification": "freeze ended", "liftedVersion": 13, "placedVersion": 11}], "version": 17, "releases": [{"version": "2026.03.02-2", "override": null, "occurredAt": "2026-03-02T12:10:00+00:00", "recordedAt": "2026-11-30T09:38:57.839885+00:00", "releasedBy": "deploy-bot", "environment": "prod", "eventVersion": 15, "verdictVersion": 14}], "verdicts": [{"ready": false, "rules": [{"rule": "status-allows-release", "detail": "Status accepted allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to prod.", "passed": true, "evidence": []}, {"rule": "required-check:unit-tests", "detail": "unit-tests passed on head b2b2b2b.", "passed": true, "evidence": [{"type": "validation_recorded", "detail": "unit-tests passed on b2b2b2b", "version": 6}]}, {"rule": "required-check:lint", "detail": "lint passed on head b2b2b2b.", "passed": true, "evidence": [{"type": "validation_recorded", "detail": "lint passed on b2b2b2b", "version": 8}]}, {"rule": "min-approvals", "detail": "1 independent approval(s) on the head commit; the policy requires 1. Not counted: alice (the owner).", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on b2b2b2b", "version": 10}, {"type": "review_decided", "detail": "the owner", "version": 9}]}, {"rule": "generated-change-human-review", "detail": "Generated by claude-code; accepted by independent human bob.", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on b2b2b2b", "version": 10}]}, {"rule": "no-open-holds", "detail": "Hold q1-freeze (freeze): end-of-quarter freeze.", "passed": false, "evidence": [{"type": "hold_placed", "detail": "q1-freeze", "version": 11}]}], "changeId": "pay-101", "environment": "prod", "evaluatedAt": "2026-11-30T09:38:57.401986+00:00", "inputsDigest": "4285d3884c084a735535a63f384eaef5763a0f7fba6af675c1f23593390a6c3e", "changeVersion": 11, "policyVersion": 1, "policyRepository": "github.com/acme/payments"}, {"ready": true, "rules": [{"rule": "status-allows-release", "detail": "Status accepted allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to prod.", "passed": true, "evidence": []}, {"rule": "required-check:unit-tests", "detail": "unit-tests passed on head b2b2b2b.", "passed": true, "evidence": [{"type": "validation_recorded", "detail": "unit-tests passed on b2b2b2b", "version": 6}]}, {"rule": "required-check:lint", "detail": "lint passed on head b2b2b2b.", "passed": true, "evidence": [{"type": "validation_recorded", "detail": "lint passed on b2b2b2b", "version": 8}]}, {"rule": "min-approvals", "detail": "1 independent approval(s) on the head commit; the policy requires 1. Not counted: alice (the owner).", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on b2b2b2b", "version": 10}, {"type": "review_decided", "detail": "the owner", "version": 9}]}, {"rule": "generated-change-human-review", "detail": "Generated by claude-code; accepted by independent human bob.", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on b2b2b2b", "version": 10}]}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "pay-101", "environment": "prod", "evaluatedAt": "2026-11-30T09:38:57.8286101+00:00", "inputsDigest": "bcc3c7be1fdd73af4d698ee5e07f8d98c4cbfe19276fef09e8432cdbd33b278f", "changeVersion": 13, "policyVersion": 1, "policyRepository": "github.com/acme/payments"}], "repository": "github.com/acme/payments"}	2026-11-30 09:38:58.521+00	ChangeLedger.Release.ReleaseRecord	17
led-201	{"id": "led-201", "holds": [], "version": 10, "releases": [{"version": "5.0.0-rc1", "override": null, "occurredAt": "2026-03-04T08:30:00+00:00", "recordedAt": "2026-11-30T09:39:02.698366+00:00", "releasedBy": "deploy-bot", "environment": "staging", "eventVersion": 5, "verdictVersion": 4}, {"version": "5.0.0", "override": null, "occurredAt": "2026-03-04T09:00:00+00:00", "recordedAt": "2026-11-30T09:39:02.879992+00:00", "releasedBy": "deploy-bot", "environment": "prod", "eventVersion": 7, "verdictVersion": 6}], "verdicts": [{"ready": true, "rules": [{"rule": "status-allows-release", "detail": "Status accepted allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to staging.", "passed": true, "evidence": []}, {"rule": "required-check", "detail": "The policy requires no checks.", "passed": true, "evidence": []}, {"rule": "min-approvals", "detail": "1 independent approval(s) on the head commit; the policy requires 0.", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on f6f6f6f", "version": 3}]}, {"rule": "generated-change-human-review", "detail": "A human-written change; no extra review rule applies.", "passed": true, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "led-201", "environment": "staging", "evaluatedAt": "2026-11-30T09:39:02.6969393+00:00", "inputsDigest": "aaa688e490d395a611551cbddcf379d8e3db0dee14a052b854d07a0d19c358f8", "changeVersion": 3, "policyVersion": 1, "policyRepository": "github.com/acme/ledger"}, {"ready": true, "rules": [{"rule": "status-allows-release", "detail": "Status released allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to prod.", "passed": true, "evidence": []}, {"rule": "required-check", "detail": "The policy requires no checks.", "passed": true, "evidence": []}, {"rule": "min-approvals", "detail": "1 independent approval(s) on the head commit; the policy requires 0.", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on f6f6f6f", "version": 3}]}, {"rule": "generated-change-human-review", "detail": "A human-written change; no extra review rule applies.", "passed": true, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "led-201", "environment": "prod", "evaluatedAt": "2026-11-30T09:39:02.8787431+00:00", "inputsDigest": "2fed55a9c435b939c1ef70e87258471ae01db7d85adedf76844a701c247953ef", "changeVersion": 5, "policyVersion": 1, "policyRepository": "github.com/acme/ledger"}, {"ready": false, "rules": [{"rule": "status-allows-release", "detail": "Status released allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Already released to prod.", "passed": false, "evidence": []}, {"rule": "required-check", "detail": "The policy requires no checks.", "passed": true, "evidence": []}, {"rule": "min-approvals", "detail": "1 independent approval(s) on the head commit; the policy requires 0.", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on f6f6f6f", "version": 3}]}, {"rule": "generated-change-human-review", "detail": "A human-written change; no extra review rule applies.", "passed": true, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "led-201", "environment": "prod", "evaluatedAt": "2026-11-30T09:39:03.042298+00:00", "inputsDigest": "c55fe2e439832f45e0efe147eefd3b63dac4d6fa7db397d8b7e31862e3c42d52", "changeVersion": 7, "policyVersion": 1, "policyRepository": "github.com/acme/ledger"}], "repository": "github.com/acme/ledger"}	2026-11-30 09:39:03.53973+00	ChangeLedger.Release.ReleaseRecord	10
pay-104	{"id": "pay-104", "holds": [], "version": 3, "releases": [], "verdicts": [], "repository": "github.com/acme/payments"}	2026-11-30 09:39:01.173849+00	ChangeLedger.Release.ReleaseRecord	3
pay-102	{"id": "pay-102", "holds": [], "version": 6, "releases": [{"version": "2026.03.03-hotfix", "override": {"by": "frank", "justification": "INC-13: declines mis-mapped in prod; tests fixed in pay-105"}, "occurredAt": "2026-03-03T10:50:00+00:00", "recordedAt": "2026-11-30T09:38:59.360348+00:00", "releasedBy": "frank", "environment": "prod", "eventVersion": 6, "verdictVersion": 5}], "verdicts": [{"ready": false, "rules": [{"rule": "status-allows-release", "detail": "Status accepted allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to prod.", "passed": true, "evidence": []}, {"rule": "required-check:unit-tests", "detail": "The latest run of unit-tests on head c3c3c3c failed.", "passed": false, "evidence": [{"type": "validation_recorded", "detail": "unit-tests failed on c3c3c3c", "version": 2}]}, {"rule": "required-check:lint", "detail": "No run of lint is recorded on head c3c3c3c.", "passed": false, "evidence": []}, {"rule": "required-check:e2e", "detail": "No run of e2e is recorded on head c3c3c3c.", "passed": false, "evidence": []}, {"rule": "min-approvals", "detail": "0 independent approval(s) on the head commit; the policy requires 1. Not counted: dave (the owner).", "passed": false, "evidence": [{"type": "review_decided", "detail": "the owner", "version": 3}]}, {"rule": "generated-change-human-review", "detail": "A human-written change; no extra review rule applies.", "passed": true, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "pay-102", "environment": "prod", "evaluatedAt": "2026-11-30T09:38:59.1866331+00:00", "inputsDigest": "edf786831c7b60e8fb326e8735d1c1a1b9b789dd30b8f339cc3fcc4e066cabe1", "changeVersion": 3, "policyVersion": 2, "policyRepository": "github.com/acme/payments"}, {"ready": false, "rules": [{"rule": "status-allows-release", "detail": "Status accepted allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to prod.", "passed": true, "evidence": []}, {"rule": "required-check:unit-tests", "detail": "The latest run of unit-tests on head c3c3c3c failed.", "passed": false, "evidence": [{"type": "validation_recorded", "detail": "unit-tests failed on c3c3c3c", "version": 2}]}, {"rule": "required-check:lint", "detail": "No run of lint is recorded on head c3c3c3c.", "passed": false, "evidence": []}, {"rule": "required-check:e2e", "detail": "No run of e2e is recorded on head c3c3c3c.", "passed": false, "evidence": []}, {"rule": "min-approvals", "detail": "0 independent approval(s) on the head commit; the policy requires 1. Not counted: dave (the owner).", "passed": false, "evidence": [{"type": "review_decided", "detail": "the owner", "version": 3}]}, {"rule": "generated-change-human-review", "detail": "A human-written change; no extra review rule applies.", "passed": true, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "pay-102", "environment": "prod", "evaluatedAt": "2026-11-30T09:38:59.3581952+00:00", "inputsDigest": "28a64fa11bbd97cb5a2eae6acd0611e054f97b2b09236b97110af5a8e2f4a405", "changeVersion": 4, "policyVersion": 2, "policyRepository": "github.com/acme/payments"}], "repository": "github.com/acme/payments"}	2026-11-30 09:38:59.384969+00	ChangeLedger.Release.ReleaseRecord	6
pay-301	{"id": "pay-301", "holds": [], "version": 2, "releases": [], "verdicts": [], "repository": "github.com/acme/payments"}	2026-11-30 09:39:04.581087+00	ChangeLedger.Release.ReleaseRecord	2
mob-401	{"id": "mob-401", "holds": [], "version": 2, "releases": [], "verdicts": [], "repository": "gitlab.com/beta/mobile"}	2026-11-30 09:39:04.833074+00	ChangeLedger.Release.ReleaseRecord	2
led-202	{"id": "led-202", "holds": [{"kind": "Manual", "holdId": "sec-1", "reason": "waiting for security sign-off", "liftedAt": null, "liftedBy": null, "placedAt": "2026-03-05T11:10:00+00:00", "placedBy": "dana", "expiresAt": "2099-01-01T00:00:00+00:00", "justification": null, "liftedVersion": null, "placedVersion": 3}], "version": 4, "releases": [], "verdicts": [], "repository": "github.com/acme/ledger"}	2026-11-30 09:39:04.007279+00	ChangeLedger.Release.ReleaseRecord	4
\.


--
-- Data for Name: mt_doc_repositorypolicy; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_doc_repositorypolicy (id, data, mt_last_modified, mt_dotnet_type, mt_version) FROM stdin;
~policy:github.com%2Facme%2Fledger	{"id": "~policy:github.com%2Facme%2Fledger", "setAt": "2026-11-30T09:38:53.969863+00:00", "setBy": "carol", "reason": "small repo", "version": 1, "repository": "github.com/acme/ledger", "minApprovals": 0, "requiredChecks": [], "generatedChangesNeedHumanReview": false}	2026-11-30 09:38:53.972806+00	ChangeLedger.Policies.RepositoryPolicy	1
~policy:github.com%2Facme%2Fpayments	{"id": "~policy:github.com%2Facme%2Fpayments", "setAt": "2026-11-30T09:38:58.627281+00:00", "setBy": "carol", "reason": "e2e after INC-12", "version": 2, "repository": "github.com/acme/payments", "minApprovals": 1, "requiredChecks": ["unit-tests", "lint", "e2e"], "generatedChangesNeedHumanReview": true}	2026-11-30 09:38:58.636535+00	ChangeLedger.Policies.RepositoryPolicy	2
\.


--
-- Data for Name: mt_event_progression; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_event_progression (name, last_seq_id, last_updated, mode, rebuild_threshold, assigned_node, heartbeat, agent_status, pause_reason, running_on_node, warning_behind_threshold, critical_behind_threshold, failure_category, failure_event_sequence, failure_event_type, failure_event_tenant_id) FROM stdin;
\.


--
-- Data for Name: mt_event_projection_floors; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_event_projection_floors (name, tenant_id, floor, last_updated) FROM stdin;
\.


--
-- Data for Name: mt_events; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_events (seq_id, id, stream_id, version, data, bdata, type, "timestamp", tenant_id, mt_dotnet_type, headers, user_name, is_archived) FROM stdin;
1	7cf8970f-6da1-44f9-aeb1-fb7af3991695	~key:ry6voneslxgt	1	{"name": "bootstrap admin", "keyId": "ry6voneslxgt", "roles": ["ingest", "review", "release", "read", "export", "override", "admin"], "issuedBy": "bootstrap", "expiresAt": null, "occurredAt": "2026-11-30T09:38:50.3309701+00:00", "secretHash": "2dae08808b33177c79c4e0c902a4a535c856474ad0c0dc61cd72b7b1e532796f", "repositories": ["*"]}	\N	api_key_issued	2026-11-30 09:38:50.488937+00	*DEFAULT*	ChangeLedger.Access.ApiKeyIssued, ChangeLedger	{"hash": "c6af873b1fe7934b26896dc6c6f5a0ca9749b24a9b39bb9a3cd6cab838444da0", "actor": "bootstrap", "occurredAt": "2026-11-30T09:38:50.3309701Z", "recordedBy": "bootstrap"}	\N	f
2	bb903943-41e7-4e1f-b4af-e20e546ff28c	~key:bemz4ahxnyjk	1	{"name": "ci", "keyId": "bemz4ahxnyjk", "roles": ["ingest"], "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": null, "occurredAt": "2026-11-30T09:38:51.9955044+00:00", "secretHash": "a8e803319147edb43d672d733022fda11f5efc2dbb2ba6aa05d427c8a67bebd8", "repositories": ["github.com/acme/*"]}	\N	api_key_issued	2026-11-30 09:38:52.012055+00	*DEFAULT*	ChangeLedger.Access.ApiKeyIssued, ChangeLedger	{"hash": "673392f4fb68a7d4042d6369a734ef90917e56545f4967c13950ecdb197056fc", "actor": "key:ry6voneslxgt (bootstrap admin)", "occurredAt": "2026-11-30T09:38:51.9955044Z", "recordedBy": "key:ry6voneslxgt (bootstrap admin)"}	\N	f
3	85306878-e683-4028-bb6e-b0587d319509	~key:ke4fhblp2xe2	1	{"name": "gitlab-ci", "keyId": "ke4fhblp2xe2", "roles": ["ingest", "review"], "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": null, "occurredAt": "2026-11-30T09:38:52.1936431+00:00", "secretHash": "5ed47ba521ca5cc9be69735a25486d9bbec0d69973139c75f86f8e0b511204d3", "repositories": ["gitlab.com/beta/*"]}	\N	api_key_issued	2026-11-30 09:38:52.194503+00	*DEFAULT*	ChangeLedger.Access.ApiKeyIssued, ChangeLedger	{"hash": "9a9756897517dc84b09fd916ab068e7d17ce8bcc48010bd8704ece0856bbb70f", "actor": "key:ry6voneslxgt (bootstrap admin)", "occurredAt": "2026-11-30T09:38:52.1936431Z", "recordedBy": "key:ry6voneslxgt (bootstrap admin)"}	\N	f
4	f96325da-76ab-4ebc-a513-2fae18017653	~key:uahjoa6vm5jr	1	{"name": "reviewers", "keyId": "uahjoa6vm5jr", "roles": ["review"], "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": null, "occurredAt": "2026-11-30T09:38:52.2967631+00:00", "secretHash": "e9a6d82de0602e5b0ba65e7fbc6df8498e6601676b33e32c80e038e2977d8165", "repositories": ["*"]}	\N	api_key_issued	2026-11-30 09:38:52.297272+00	*DEFAULT*	ChangeLedger.Access.ApiKeyIssued, ChangeLedger	{"hash": "00fc3807064cff560bfc12a5317b5c21f00da5fd65d74b08567e6c0352cf0d36", "actor": "key:ry6voneslxgt (bootstrap admin)", "occurredAt": "2026-11-30T09:38:52.2967631Z", "recordedBy": "key:ry6voneslxgt (bootstrap admin)"}	\N	f
5	0b1640aa-e9dd-4076-b0cb-aede8b89cd31	~key:ukpzntlgl7jx	1	{"name": "deployer", "keyId": "ukpzntlgl7jx", "roles": ["release"], "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": "2099-01-01T00:00:00+00:00", "occurredAt": "2026-11-30T09:38:52.5598495+00:00", "secretHash": "50485988fd484a9b11ffa7436a35223d1bc40f60ab688b13c688690041a55808", "repositories": ["github.com/acme/*"]}	\N	api_key_issued	2026-11-30 09:38:52.564967+00	*DEFAULT*	ChangeLedger.Access.ApiKeyIssued, ChangeLedger	{"hash": "900f9fcf2536528e1c9a692c22eae319dc1824b5c73a7a0d9aca9230291e1261", "actor": "key:ry6voneslxgt (bootstrap admin)", "occurredAt": "2026-11-30T09:38:52.5598495Z", "recordedBy": "key:ry6voneslxgt (bootstrap admin)"}	\N	f
6	cb8d9de3-6bfe-4d6a-997c-2819ec67e295	~key:lnoi6c37hgt5	1	{"name": "release-manager", "keyId": "lnoi6c37hgt5", "roles": ["release", "override"], "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": null, "occurredAt": "2026-11-30T09:38:52.6645483+00:00", "secretHash": "79c9d5a3a717c4d0729cfec0cff4036616dbd28938616aade860c642381cae8f", "repositories": ["*"]}	\N	api_key_issued	2026-11-30 09:38:52.665127+00	*DEFAULT*	ChangeLedger.Access.ApiKeyIssued, ChangeLedger	{"hash": "60e85ab5fa20ef7f98f1e9086ad0c90e18988e0fccfdb0a2c97b31877dad19ab", "actor": "key:ry6voneslxgt (bootstrap admin)", "occurredAt": "2026-11-30T09:38:52.6645483Z", "recordedBy": "key:ry6voneslxgt (bootstrap admin)"}	\N	f
7	95f396d5-0f3f-44f5-94aa-a2244db8b09a	~key:2y7bcqmlhl64	1	{"name": "dashboard", "keyId": "2y7bcqmlhl64", "roles": ["read"], "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": null, "occurredAt": "2026-11-30T09:38:52.7844496+00:00", "secretHash": "4de0b72b30e846688201077b1d49ae5e06eeedff0d19aaa5b3d6f3d09f48f1c3", "repositories": ["github.com/acme/payments"]}	\N	api_key_issued	2026-11-30 09:38:52.784965+00	*DEFAULT*	ChangeLedger.Access.ApiKeyIssued, ChangeLedger	{"hash": "5751337004be1448f168da987b1606ead342ac2d74715af37870d0e2dbfbc4d8", "actor": "key:ry6voneslxgt (bootstrap admin)", "occurredAt": "2026-11-30T09:38:52.7844496Z", "recordedBy": "key:ry6voneslxgt (bootstrap admin)"}	\N	f
8	6089039e-736b-45d7-bcb3-08e607fad70a	~key:5vbvgkwobvao	1	{"name": "auditor", "keyId": "5vbvgkwobvao", "roles": ["read", "export"], "issuedBy": "key:ry6voneslxgt (bootstrap admin)", "expiresAt": "2099-06-30T12:00:00+00:00", "occurredAt": "2026-11-30T09:38:52.9414422+00:00", "secretHash": "14e080b59d7ad5b0bbd7d6f8c065a6fa3fee818c739ea2c41d2a282e443241c9", "repositories": ["*"]}	\N	api_key_issued	2026-11-30 09:38:52.950439+00	*DEFAULT*	ChangeLedger.Access.ApiKeyIssued, ChangeLedger	{"hash": "63cb2c820e8b084fee3a37d7912c632c779a32000d3510e69e3b1272d5ae2828", "actor": "key:ry6voneslxgt (bootstrap admin)", "occurredAt": "2026-11-30T09:38:52.9414422Z", "recordedBy": "key:ry6voneslxgt (bootstrap admin)"}	\N	f
9	da5facc5-1c98-45c5-88cb-8e71bc4976c1	~key:2y7bcqmlhl64	2	{"keyId": "2y7bcqmlhl64", "reason": "dashboard retired", "revokedBy": "key:ry6voneslxgt (bootstrap admin)", "occurredAt": "2026-11-30T09:38:53.4012247+00:00"}	\N	api_key_revoked	2026-11-30 09:38:53.434322+00	*DEFAULT*	ChangeLedger.Access.ApiKeyRevoked, ChangeLedger	{"hash": "24b778b2c403bb70cb92170030b5ea77429ebfa7a203114d82f24a5d63e18898", "actor": "key:ry6voneslxgt (bootstrap admin)", "prevHash": "5751337004be1448f168da987b1606ead342ac2d74715af37870d0e2dbfbc4d8", "occurredAt": "2026-11-30T09:38:53.4012247Z", "recordedBy": "key:ry6voneslxgt (bootstrap admin)"}	\N	f
10	c112ef04-3eca-4a5c-b7b3-746730e6ebd8	~policy:github.com%2Facme%2Fpayments	1	{"setBy": "carol", "reason": "payments needs tests and lint", "occurredAt": "2026-03-01T08:00:00+00:00", "repository": "github.com/acme/payments", "minApprovals": 1, "requiredChecks": ["unit-tests", "lint"], "generatedChangesNeedHumanReview": true}	\N	release_policy_set	2026-11-30 09:38:53.829818+00	*DEFAULT*	ChangeLedger.Policies.ReleasePolicySet, ChangeLedger	{"hash": "b5051f6db3a57f183ab8ab71ea06cab1bcf93b3f60a04c709f69dd66180dbbc5", "actor": "carol", "eventId": "policy-pay-1", "occurredAt": "2026-03-01T08:00:00.0000000Z", "recordedBy": "key:ry6voneslxgt (bootstrap admin)"}	key:ry6voneslxgt (bootstrap admin)	f
11	991e8602-6878-48ca-a6be-17b5dcc4c643	~policy:github.com%2Facme%2Fledger	1	{"setBy": "carol", "reason": "small repo", "occurredAt": "2026-03-01T08:05:00+00:00", "repository": "github.com/acme/ledger", "minApprovals": 0, "requiredChecks": [], "generatedChangesNeedHumanReview": false}	\N	release_policy_set	2026-11-30 09:38:53.969863+00	*DEFAULT*	ChangeLedger.Policies.ReleasePolicySet, ChangeLedger	{"hash": "1c8075b73ba8d1552586a412c735228eb91a6c4373a4f23e218691e3c19789c5", "actor": "carol", "occurredAt": "2026-03-01T08:05:00.0000000Z", "recordedBy": "key:ry6voneslxgt (bootstrap admin)"}	key:ry6voneslxgt (bootstrap admin)	f
12	c7c16c4d-950b-437a-84ff-edabfd03418a	pay-101	1	{"owner": "alice", "scope": {"excludes": ["src/ledger/**"], "includes": ["src/capture/**"]}, "title": "Retry card captures on timeout", "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-sonnet-4", "promptRef": "prompts/101", "sessionId": "s-101", "requestedBy": "alice"}, "changeId": "pay-101", "baseCommit": "9f8e7d6", "headCommit": "a1a1a1a", "occurredAt": "2026-03-02T09:00:00+00:00", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "parentChangeId": null, "acceptanceCriteria": ["a timed-out capture is retried at most 3 times", "no capture is retried after a decline"]}	\N	change_proposed	2026-11-30 09:38:54.207533+00	*DEFAULT*	ChangeLedger.Changes.ChangeProposed, ChangeLedger	{"hash": "2f80da9d0b1ee1a824590f9011c69015551eba1d90f81f1522265c38cf6f27e6", "actor": "ci-bot", "eventId": "run-101-propose", "occurredAt": "2026-03-02T09:00:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
13	dd25bbe4-1cd8-4b83-8805-a30b28f41556	pay-101	2	{"check": "unit-tests", "commit": "a1a1a1a", "runUrl": "https://github.com/acme/payments/actions/runs/101", "runner": "github-actions", "command": "dotnet test", "outcome": "Passed", "changeId": "pay-101", "logDigest": "sha256:0101", "durationMs": 48210, "occurredAt": "2026-03-02T09:05:00+00:00"}	\N	validation_recorded	2026-11-30 09:38:54.782652+00	*DEFAULT*	ChangeLedger.Changes.ValidationRecorded, ChangeLedger	{"hash": "234062e70565e9526bdf1b7699373df45f706e4b995d2cbb920403d35ff2dd5b", "actor": "github-actions", "eventId": "run-101-unit", "prevHash": "2f80da9d0b1ee1a824590f9011c69015551eba1d90f81f1522265c38cf6f27e6", "occurredAt": "2026-03-02T09:05:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
14	38a33678-50a6-49bc-aaba-cb1ebd747ea0	pay-101	3	{"check": "lint", "commit": "a1a1a1a", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Failed", "changeId": "pay-101", "logDigest": null, "durationMs": null, "occurredAt": "2026-03-02T09:06:00+00:00"}	\N	validation_recorded	2026-11-30 09:38:55.065158+00	*DEFAULT*	ChangeLedger.Changes.ValidationRecorded, ChangeLedger	{"hash": "66168744be2a5004dc590d94eb2923f20eac8378e26a2e5b93bd5cf62fbb957c", "actor": "github-actions", "eventId": "run-101-lint", "prevHash": "234062e70565e9526bdf1b7699373df45f706e4b995d2cbb920403d35ff2dd5b", "occurredAt": "2026-03-02T09:06:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
15	19c77ee7-2e68-437b-8d5e-b4b2a121e3ca	pay-101	4	{"commit": "a1a1a1a", "comment": "lint fails", "changeId": "pay-101", "decision": "RevisionRequested", "reviewer": "bob", "occurredAt": "2026-03-02T09:30:00+00:00"}	\N	review_decided	2026-11-30 09:38:55.5186+00	*DEFAULT*	ChangeLedger.Changes.ReviewDecided, ChangeLedger	{"hash": "d196a6d34a17509feccd85aa31d8f25056992bcd67f9bfdbb9d5c9a7fd9c6eee", "actor": "bob", "prevHash": "66168744be2a5004dc590d94eb2923f20eac8378e26a2e5b93bd5cf62fbb957c", "occurredAt": "2026-03-02T09:30:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
16	c2966163-ef9e-4915-b565-1cc3d65d39d6	pay-101	5	{"summary": "fix lint", "changeId": "pay-101", "revisedBy": "claude-code", "headCommit": "b2b2b2b", "occurredAt": "2026-03-02T10:00:00+00:00", "previousHeadCommit": "a1a1a1a"}	\N	change_revised	2026-11-30 09:38:55.909238+00	*DEFAULT*	ChangeLedger.Changes.ChangeRevised, ChangeLedger	{"hash": "1cd0c82aca016d18438ed1c86b8bfa34f9d228a46b2faf0d65a103e2a3255cd3", "actor": "claude-code", "eventId": "run-102-revise", "prevHash": "d196a6d34a17509feccd85aa31d8f25056992bcd67f9bfdbb9d5c9a7fd9c6eee", "occurredAt": "2026-03-02T10:00:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
17	49e142fe-ef34-4ca7-8176-8f889fbcdf3c	pay-101	6	{"check": "unit-tests", "commit": "b2b2b2b", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Passed", "changeId": "pay-101", "logDigest": null, "durationMs": 47000, "occurredAt": "2026-03-02T10:05:00+00:00"}	\N	validation_recorded	2026-11-30 09:38:56.186286+00	*DEFAULT*	ChangeLedger.Changes.ValidationRecorded, ChangeLedger	{"hash": "a83e15fdfe69d99347136b187e339452b5d7a7d0074f0485dc02447073394864", "actor": "github-actions", "eventId": "run-102-unit", "prevHash": "1cd0c82aca016d18438ed1c86b8bfa34f9d228a46b2faf0d65a103e2a3255cd3", "occurredAt": "2026-03-02T10:05:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
18	086026bb-6993-4497-b06b-fcb7d536d172	pay-101	7	{"check": "lint", "commit": "b2b2b2b", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Errored", "changeId": "pay-101", "logDigest": null, "durationMs": null, "occurredAt": "2026-03-02T10:06:00+00:00"}	\N	validation_recorded	2026-11-30 09:38:56.426061+00	*DEFAULT*	ChangeLedger.Changes.ValidationRecorded, ChangeLedger	{"hash": "7a17a8fbd7e16b6c4d9a3c36db34de7ff8b02370a2d59cda5d23f0d3d7d190f9", "actor": "github-actions", "eventId": "run-102-lint", "prevHash": "a83e15fdfe69d99347136b187e339452b5d7a7d0074f0485dc02447073394864", "occurredAt": "2026-03-02T10:06:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
19	3331bdcd-89d9-4668-b204-46f5f01b176a	pay-101	8	{"check": "lint", "commit": "b2b2b2b", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Passed", "changeId": "pay-101", "logDigest": null, "durationMs": null, "occurredAt": "2026-03-02T10:09:00+00:00"}	\N	validation_recorded	2026-11-30 09:38:56.840514+00	*DEFAULT*	ChangeLedger.Changes.ValidationRecorded, ChangeLedger	{"hash": "77c6606986bcb7ac83b7f871e0fb61c169c68394b59f2a4f4216a893ecd775ed", "actor": "github-actions", "eventId": "run-102-lint-retry", "prevHash": "7a17a8fbd7e16b6c4d9a3c36db34de7ff8b02370a2d59cda5d23f0d3d7d190f9", "occurredAt": "2026-03-02T10:09:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
20	71a359b2-9ca6-42ce-8fd1-d73d51c12a8d	pay-101	9	{"commit": "b2b2b2b", "comment": "my own change, looks fine", "changeId": "pay-101", "decision": "Accepted", "reviewer": "alice", "occurredAt": "2026-03-02T10:20:00+00:00"}	\N	review_decided	2026-11-30 09:38:56.940539+00	*DEFAULT*	ChangeLedger.Changes.ReviewDecided, ChangeLedger	{"hash": "3deb2d9eaa9076646077bced7c144ac7e4867fc91e8fa05dfcb8cf32aedc6ed0", "actor": "alice", "prevHash": "77c6606986bcb7ac83b7f871e0fb61c169c68394b59f2a4f4216a893ecd775ed", "occurredAt": "2026-03-02T10:20:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
28	dbc9f8e7-46f2-436d-a04a-835dbde130c9	pay-101	17	{"by": "alice", "to": "erin", "from": "alice", "reason": "alice moves to the platform team", "changeId": "pay-101", "occurredAt": "2026-03-03T09:00:00+00:00"}	\N	ownership_transferred	2026-11-30 09:38:58.4919+00	*DEFAULT*	ChangeLedger.Changes.OwnershipTransferred, ChangeLedger	{"hash": "48d78ad5a26863f05d498079827fbc8be54d439ef0a2161e298d501b74bb128d", "actor": "alice", "prevHash": "bd121f09c4089a36830f2bcc345ef4a0f683ac3c497583a8fdf7082f1f3a4fcc", "occurredAt": "2026-03-03T09:00:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
32	784005e2-1e0c-4488-87f3-7e087cfbda88	pay-102	3	{"commit": "c3c3c3c", "comment": null, "changeId": "pay-102", "decision": "Accepted", "reviewer": "dave", "occurredAt": "2026-03-03T10:40:00+00:00"}	\N	review_decided	2026-11-30 09:38:59.001845+00	*DEFAULT*	ChangeLedger.Changes.ReviewDecided, ChangeLedger	{"hash": "c48183c4c51536be94c93e9fae9de5ae4793b2b360e7d90fe59dc0d8d3eea7c4", "actor": "dave", "prevHash": "851cfbb92eceab5f33ce303f1f53bad576d4bfc2cab6f04beaa9aa6550db74eb", "occurredAt": "2026-03-03T10:40:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
21	f58b917d-19e8-470f-b2d6-328b2c7231e8	pay-101	10	{"commit": "b2b2b2b", "comment": "retry bound is right", "changeId": "pay-101", "decision": "Accepted", "reviewer": "bob", "occurredAt": "2026-03-02T10:30:00+00:00"}	\N	review_decided	2026-11-30 09:38:57.033915+00	*DEFAULT*	ChangeLedger.Changes.ReviewDecided, ChangeLedger	{"hash": "e74e2f7d543289bfa0555f0d591146fa0fcec0a1ba532f2e1c2a7e645ec8e875", "actor": "bob", "prevHash": "3deb2d9eaa9076646077bced7c144ac7e4867fc91e8fa05dfcb8cf32aedc6ed0", "occurredAt": "2026-03-02T10:30:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
22	8f093bf7-5f86-4602-9024-880676a17bd8	pay-101	11	{"kind": "Freeze", "holdId": "q1-freeze", "reason": "end-of-quarter freeze", "changeId": "pay-101", "placedBy": "dana", "expiresAt": null, "occurredAt": "2026-03-02T11:00:00+00:00"}	\N	hold_placed	2026-11-30 09:38:57.185056+00	*DEFAULT*	ChangeLedger.Changes.HoldPlaced, ChangeLedger	{"hash": "d0f10601cfdcb3fd3218bf4f572b82f89f3cbc6d74da028bbccea88a5f7ee506", "actor": "dana", "prevHash": "e74e2f7d543289bfa0555f0d591146fa0fcec0a1ba532f2e1c2a7e645ec8e875", "occurredAt": "2026-03-02T11:00:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
25	95d21086-5ef4-471c-8b42-d71ab57ade0d	pay-101	14	{"verdict": {"ready": true, "rules": [{"rule": "status-allows-release", "detail": "Status accepted allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to prod.", "passed": true, "evidence": []}, {"rule": "required-check:unit-tests", "detail": "unit-tests passed on head b2b2b2b.", "passed": true, "evidence": [{"type": "validation_recorded", "detail": "unit-tests passed on b2b2b2b", "version": 6}]}, {"rule": "required-check:lint", "detail": "lint passed on head b2b2b2b.", "passed": true, "evidence": [{"type": "validation_recorded", "detail": "lint passed on b2b2b2b", "version": 8}]}, {"rule": "min-approvals", "detail": "1 independent approval(s) on the head commit; the policy requires 1. Not counted: alice (the owner).", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on b2b2b2b", "version": 10}, {"type": "review_decided", "detail": "the owner", "version": 9}]}, {"rule": "generated-change-human-review", "detail": "Generated by claude-code; accepted by independent human bob.", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on b2b2b2b", "version": 10}]}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "pay-101", "environment": "prod", "evaluatedAt": "2026-11-30T09:38:57.8286101+00:00", "inputsDigest": "bcc3c7be1fdd73af4d698ee5e07f8d98c4cbfe19276fef09e8432cdbd33b278f", "changeVersion": 13, "policyVersion": 1, "policyRepository": "github.com/acme/payments"}, "changeId": "pay-101", "occurredAt": "2026-03-02T12:10:00+00:00", "requestedBy": "deploy-bot"}	\N	release_verdict_recorded	2026-11-30 09:38:57.839885+00	*DEFAULT*	ChangeLedger.Release.ReleaseVerdictRecorded, ChangeLedger	{"hash": "17e74346b417bd9877d9535bc1d93dda1971dcd1165294b4b3d32b56729f4ac8", "actor": "deploy-bot", "eventId": "deploy-101-prod", "prevHash": "d63d6597ea62c27eb43a1b83a15214a72e5ed9917193715bb962f22dd2de4bbb", "occurredAt": "2026-03-02T12:10:00.0000000Z", "recordedBy": "key:ukpzntlgl7jx (deployer)"}	key:ukpzntlgl7jx (deployer)	f
26	842cfe54-b85c-4235-953d-94dbd81550e3	pay-101	15	{"version": "2026.03.02-2", "changeId": "pay-101", "override": null, "occurredAt": "2026-03-02T12:10:00+00:00", "releasedBy": "deploy-bot", "environment": "prod", "verdictVersion": 14}	\N	change_released	2026-11-30 09:38:57.839885+00	*DEFAULT*	ChangeLedger.Changes.ChangeReleased, ChangeLedger	{"hash": "0839339119f7be3829904cd111d3e09b3eb32ece8513b479a52de5babbfdeec5", "actor": "deploy-bot", "eventId": "deploy-101-prod", "prevHash": "17e74346b417bd9877d9535bc1d93dda1971dcd1165294b4b3d32b56729f4ac8", "occurredAt": "2026-03-02T12:10:00.0000000Z", "recordedBy": "key:ukpzntlgl7jx (deployer)"}	key:ukpzntlgl7jx (deployer)	f
27	e373d50b-8a4b-4a66-9f3f-6fff312e6c76	pay-101	16	{"check": "smoke", "commit": "b2b2b2b", "runUrl": null, "runner": "argo", "command": null, "outcome": "Passed", "changeId": "pay-101", "logDigest": null, "durationMs": null, "occurredAt": "2026-03-02T12:20:00+00:00"}	\N	validation_recorded	2026-11-30 09:38:58.030243+00	*DEFAULT*	ChangeLedger.Changes.ValidationRecorded, ChangeLedger	{"hash": "bd121f09c4089a36830f2bcc345ef4a0f683ac3c497583a8fdf7082f1f3a4fcc", "actor": "argo", "eventId": "smoke-101-prod", "prevHash": "0839339119f7be3829904cd111d3e09b3eb32ece8513b479a52de5babbfdeec5", "occurredAt": "2026-03-02T12:20:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
30	23be5cd9-1466-41e3-8baf-1017376fe426	pay-102	1	{"owner": "dave", "scope": {"excludes": [], "includes": []}, "title": "Hotfix: decline code mapping", "origin": {"kind": "Human", "tool": null, "model": null, "promptRef": null, "sessionId": null, "requestedBy": null}, "changeId": "pay-102", "baseCommit": null, "headCommit": "c3c3c3c", "occurredAt": "2026-03-03T10:30:00+00:00", "repository": "github.com/acme/payments", "submittedBy": "dave", "parentChangeId": null, "acceptanceCriteria": []}	\N	change_proposed	2026-11-30 09:38:58.707366+00	*DEFAULT*	ChangeLedger.Changes.ChangeProposed, ChangeLedger	{"hash": "2ba367e20c3028591e2a3004ec6bc04abc34a5259ef2c9f7e9a4499d696f303c", "actor": "dave", "occurredAt": "2026-03-03T10:30:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
31	79442a91-59b3-42be-9497-e42eb2fc9fd0	pay-102	2	{"check": "unit-tests", "commit": "c3c3c3c", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Failed", "changeId": "pay-102", "logDigest": null, "durationMs": null, "occurredAt": "2026-03-03T10:35:00+00:00"}	\N	validation_recorded	2026-11-30 09:38:58.870414+00	*DEFAULT*	ChangeLedger.Changes.ValidationRecorded, ChangeLedger	{"hash": "851cfbb92eceab5f33ce303f1f53bad576d4bfc2cab6f04beaa9aa6550db74eb", "actor": "github-actions", "prevHash": "2ba367e20c3028591e2a3004ec6bc04abc34a5259ef2c9f7e9a4499d696f303c", "occurredAt": "2026-03-03T10:35:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
33	b8404f47-9355-4ef6-bb81-57d2e8444ea6	pay-102	4	{"verdict": {"ready": false, "rules": [{"rule": "status-allows-release", "detail": "Status accepted allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to prod.", "passed": true, "evidence": []}, {"rule": "required-check:unit-tests", "detail": "The latest run of unit-tests on head c3c3c3c failed.", "passed": false, "evidence": [{"type": "validation_recorded", "detail": "unit-tests failed on c3c3c3c", "version": 2}]}, {"rule": "required-check:lint", "detail": "No run of lint is recorded on head c3c3c3c.", "passed": false, "evidence": []}, {"rule": "required-check:e2e", "detail": "No run of e2e is recorded on head c3c3c3c.", "passed": false, "evidence": []}, {"rule": "min-approvals", "detail": "0 independent approval(s) on the head commit; the policy requires 1. Not counted: dave (the owner).", "passed": false, "evidence": [{"type": "review_decided", "detail": "the owner", "version": 3}]}, {"rule": "generated-change-human-review", "detail": "A human-written change; no extra review rule applies.", "passed": true, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "pay-102", "environment": "prod", "evaluatedAt": "2026-11-30T09:38:59.1866331+00:00", "inputsDigest": "edf786831c7b60e8fb326e8735d1c1a1b9b789dd30b8f339cc3fcc4e066cabe1", "changeVersion": 3, "policyVersion": 2, "policyRepository": "github.com/acme/payments"}, "changeId": "pay-102", "occurredAt": "2026-03-03T10:45:00+00:00", "requestedBy": "deploy-bot"}	\N	release_verdict_recorded	2026-11-30 09:38:59.187959+00	*DEFAULT*	ChangeLedger.Release.ReleaseVerdictRecorded, ChangeLedger	{"hash": "f960306c9906d5439cd07f38dad50280626277b3fc8b39ee57b403b973b66473", "actor": "deploy-bot", "prevHash": "c48183c4c51536be94c93e9fae9de5ae4793b2b360e7d90fe59dc0d8d3eea7c4", "occurredAt": "2026-03-03T10:45:00.0000000Z", "recordedBy": "key:ukpzntlgl7jx (deployer)"}	key:ukpzntlgl7jx (deployer)	f
37	1dfc1f1a-4032-4a12-842d-ae2dde98cd61	pay-103	2	{"commit": "d4d4d4d", "comment": "too risky", "changeId": "pay-103", "decision": "Rejected", "reviewer": "bob", "occurredAt": "2026-03-03T11:30:00+00:00"}	\N	review_decided	2026-11-30 09:39:00.146083+00	*DEFAULT*	ChangeLedger.Changes.ReviewDecided, ChangeLedger	{"hash": "a4da3e24f6837a3cef8b63890c96a12a5ca5fb8bb6565388acf2d13f1da430d1", "actor": "bob", "prevHash": "c92f29da1bd140ff32c1f384ae9bfb44aa42871578c8382beda72e947a7fb685", "occurredAt": "2026-03-03T11:30:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
23	0cc50d2f-6e45-4220-9d01-4843f0556a3c	pay-101	12	{"verdict": {"ready": false, "rules": [{"rule": "status-allows-release", "detail": "Status accepted allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to prod.", "passed": true, "evidence": []}, {"rule": "required-check:unit-tests", "detail": "unit-tests passed on head b2b2b2b.", "passed": true, "evidence": [{"type": "validation_recorded", "detail": "unit-tests passed on b2b2b2b", "version": 6}]}, {"rule": "required-check:lint", "detail": "lint passed on head b2b2b2b.", "passed": true, "evidence": [{"type": "validation_recorded", "detail": "lint passed on b2b2b2b", "version": 8}]}, {"rule": "min-approvals", "detail": "1 independent approval(s) on the head commit; the policy requires 1. Not counted: alice (the owner).", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on b2b2b2b", "version": 10}, {"type": "review_decided", "detail": "the owner", "version": 9}]}, {"rule": "generated-change-human-review", "detail": "Generated by claude-code; accepted by independent human bob.", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on b2b2b2b", "version": 10}]}, {"rule": "no-open-holds", "detail": "Hold q1-freeze (freeze): end-of-quarter freeze.", "passed": false, "evidence": [{"type": "hold_placed", "detail": "q1-freeze", "version": 11}]}], "changeId": "pay-101", "environment": "prod", "evaluatedAt": "2026-11-30T09:38:57.401986+00:00", "inputsDigest": "4285d3884c084a735535a63f384eaef5763a0f7fba6af675c1f23593390a6c3e", "changeVersion": 11, "policyVersion": 1, "policyRepository": "github.com/acme/payments"}, "changeId": "pay-101", "occurredAt": "2026-03-02T11:10:00+00:00", "requestedBy": "deploy-bot"}	\N	release_verdict_recorded	2026-11-30 09:38:57.488985+00	*DEFAULT*	ChangeLedger.Release.ReleaseVerdictRecorded, ChangeLedger	{"hash": "822ed3b6be5e3b2e5fb6ab716a19e69aca9690c96713fc133956050e3be4d3c6", "actor": "deploy-bot", "prevHash": "d0f10601cfdcb3fd3218bf4f572b82f89f3cbc6d74da028bbccea88a5f7ee506", "occurredAt": "2026-03-02T11:10:00.0000000Z", "recordedBy": "key:ukpzntlgl7jx (deployer)"}	key:ukpzntlgl7jx (deployer)	f
24	89756e44-6bf9-4803-90f8-81ab622b7745	pay-101	13	{"holdId": "q1-freeze", "changeId": "pay-101", "liftedBy": "dana", "occurredAt": "2026-03-02T12:00:00+00:00", "justification": "freeze ended"}	\N	hold_lifted	2026-11-30 09:38:57.667098+00	*DEFAULT*	ChangeLedger.Changes.HoldLifted, ChangeLedger	{"hash": "d63d6597ea62c27eb43a1b83a15214a72e5ed9917193715bb962f22dd2de4bbb", "actor": "dana", "prevHash": "822ed3b6be5e3b2e5fb6ab716a19e69aca9690c96713fc133956050e3be4d3c6", "occurredAt": "2026-03-02T12:00:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
29	6458164c-43ed-429d-a6cd-db1e7bdc354c	~policy:github.com%2Facme%2Fpayments	2	{"setBy": "carol", "reason": "e2e after INC-12", "occurredAt": "2026-03-03T10:00:00+00:00", "repository": "github.com/acme/payments", "minApprovals": 1, "requiredChecks": ["unit-tests", "lint", "e2e"], "generatedChangesNeedHumanReview": true}	\N	release_policy_set	2026-11-30 09:38:58.627281+00	*DEFAULT*	ChangeLedger.Policies.ReleasePolicySet, ChangeLedger	{"hash": "42e8cdc882d276dc618e926a9b4824da05af496688cf0ff80c702a96b70d5065", "actor": "carol", "prevHash": "b5051f6db3a57f183ab8ab71ea06cab1bcf93b3f60a04c709f69dd66180dbbc5", "occurredAt": "2026-03-03T10:00:00.0000000Z", "recordedBy": "key:ry6voneslxgt (bootstrap admin)"}	key:ry6voneslxgt (bootstrap admin)	f
36	e28c36a3-c9dd-41a7-a8b7-3c4c3ff4d649	pay-103	1	{"owner": "alice", "scope": {"excludes": [], "includes": []}, "title": "Rewrite the refund engine", "origin": {"kind": "Generated", "tool": "copilot", "model": null, "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "changeId": "pay-103", "baseCommit": null, "headCommit": "d4d4d4d", "occurredAt": "2026-03-03T11:00:00+00:00", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "parentChangeId": null, "acceptanceCriteria": []}	\N	change_proposed	2026-11-30 09:39:00.005676+00	*DEFAULT*	ChangeLedger.Changes.ChangeProposed, ChangeLedger	{"hash": "c92f29da1bd140ff32c1f384ae9bfb44aa42871578c8382beda72e947a7fb685", "actor": "ci-bot", "occurredAt": "2026-03-03T11:00:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
38	b894b1e3-3abf-43d1-a6d4-f79644d9549d	pay-103	3	{"verdict": {"ready": false, "rules": [{"rule": "status-allows-release", "detail": "Status rejected: a rejected, split or withdrawn change is never released.", "passed": false, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to staging.", "passed": true, "evidence": []}, {"rule": "required-check:unit-tests", "detail": "No run of unit-tests is recorded on head d4d4d4d.", "passed": false, "evidence": []}, {"rule": "required-check:lint", "detail": "No run of lint is recorded on head d4d4d4d.", "passed": false, "evidence": []}, {"rule": "required-check:e2e", "detail": "No run of e2e is recorded on head d4d4d4d.", "passed": false, "evidence": []}, {"rule": "min-approvals", "detail": "0 independent approval(s) on the head commit; the policy requires 1.", "passed": false, "evidence": []}, {"rule": "generated-change-human-review", "detail": "Generated by copilot: it needs an accepted review by an independent human on the head commit.", "passed": false, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "pay-103", "environment": "staging", "evaluatedAt": "2026-11-30T09:39:00.3361354+00:00", "inputsDigest": "7a1841e231cd55246858304f77b28ee0f7e66274b2db45687f6eb286d0e53b7a", "changeVersion": 2, "policyVersion": 2, "policyRepository": "github.com/acme/payments"}, "changeId": "pay-103", "occurredAt": "2026-03-03T11:40:00+00:00", "requestedBy": "frank"}	\N	release_verdict_recorded	2026-11-30 09:39:00.337407+00	*DEFAULT*	ChangeLedger.Release.ReleaseVerdictRecorded, ChangeLedger	{"hash": "071046ce9ad88323fad46ec68247e681c2a3f4feec07542fdf43cda57a6bb1f5", "actor": "frank", "prevHash": "a4da3e24f6837a3cef8b63890c96a12a5ca5fb8bb6565388acf2d13f1da430d1", "occurredAt": "2026-03-03T11:40:00.0000000Z", "recordedBy": "key:lnoi6c37hgt5 (release-manager)"}	key:lnoi6c37hgt5 (release-manager)	f
41	34e72f88-4781-4f22-b767-cb4c916ffb4c	pay-104	3	{"by": "bob", "reason": "too big to review", "changeId": "pay-104", "children": [{"scope": {"excludes": [], "includes": []}, "title": "Extract capture client", "changeId": "pay-104a"}, {"scope": {"excludes": [], "includes": ["src/retry/**"]}, "title": "Move retries", "changeId": "pay-104b"}], "occurredAt": "2026-03-03T12:20:00+00:00"}	\N	change_split	2026-11-30 09:39:01.161419+00	*DEFAULT*	ChangeLedger.Changes.ChangeSplit, ChangeLedger	{"hash": "9d73ec4c554e2a548f050612fda298f3d472d1dca04d77e5b38f676d5430fa6d", "actor": "bob", "eventId": "split-104", "prevHash": "5fb0f5a71276559facd6ba42f133a4af0a25377c4a4d17456c960ba0b903d5a4", "occurredAt": "2026-03-03T12:20:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
42	6ad3d325-9893-4061-a489-e95db20ba421	pay-104a	1	{"owner": "alice", "scope": {"excludes": [], "includes": []}, "title": "Extract capture client", "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-opus-4", "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "changeId": "pay-104a", "baseCommit": null, "headCommit": "e5e5e5e", "occurredAt": "2026-03-03T12:20:00+00:00", "repository": "github.com/acme/payments", "submittedBy": "bob", "parentChangeId": "pay-104", "acceptanceCriteria": []}	\N	change_proposed	2026-11-30 09:39:01.161487+00	*DEFAULT*	ChangeLedger.Changes.ChangeProposed, ChangeLedger	{"hash": "c30b5d12232e8dd0cc1d059e0bc5e847c1b8ff45d4540a06727b3403ecde08ca", "actor": "bob", "eventId": "split-104", "occurredAt": "2026-03-03T12:20:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
43	eace0e32-f43c-42ae-80e4-2ec10f6cd6e6	pay-104b	1	{"owner": "alice", "scope": {"excludes": [], "includes": ["src/retry/**"]}, "title": "Move retries", "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-opus-4", "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "changeId": "pay-104b", "baseCommit": null, "headCommit": "e5e5e5e", "occurredAt": "2026-03-03T12:20:00+00:00", "repository": "github.com/acme/payments", "submittedBy": "bob", "parentChangeId": "pay-104", "acceptanceCriteria": []}	\N	change_proposed	2026-11-30 09:39:01.161502+00	*DEFAULT*	ChangeLedger.Changes.ChangeProposed, ChangeLedger	{"hash": "7d2657bb7a8e12eb6488e1368dfc98a8d8a59afdaa4889839511a5b32dbe51e4", "actor": "bob", "eventId": "split-104", "occurredAt": "2026-03-03T12:20:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
34	23abe0b0-bcf1-41ad-bd5f-75bb470bc5a2	pay-102	5	{"verdict": {"ready": false, "rules": [{"rule": "status-allows-release", "detail": "Status accepted allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to prod.", "passed": true, "evidence": []}, {"rule": "required-check:unit-tests", "detail": "The latest run of unit-tests on head c3c3c3c failed.", "passed": false, "evidence": [{"type": "validation_recorded", "detail": "unit-tests failed on c3c3c3c", "version": 2}]}, {"rule": "required-check:lint", "detail": "No run of lint is recorded on head c3c3c3c.", "passed": false, "evidence": []}, {"rule": "required-check:e2e", "detail": "No run of e2e is recorded on head c3c3c3c.", "passed": false, "evidence": []}, {"rule": "min-approvals", "detail": "0 independent approval(s) on the head commit; the policy requires 1. Not counted: dave (the owner).", "passed": false, "evidence": [{"type": "review_decided", "detail": "the owner", "version": 3}]}, {"rule": "generated-change-human-review", "detail": "A human-written change; no extra review rule applies.", "passed": true, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "pay-102", "environment": "prod", "evaluatedAt": "2026-11-30T09:38:59.3581952+00:00", "inputsDigest": "28a64fa11bbd97cb5a2eae6acd0611e054f97b2b09236b97110af5a8e2f4a405", "changeVersion": 4, "policyVersion": 2, "policyRepository": "github.com/acme/payments"}, "changeId": "pay-102", "occurredAt": "2026-03-03T10:50:00+00:00", "requestedBy": "frank"}	\N	release_verdict_recorded	2026-11-30 09:38:59.360348+00	*DEFAULT*	ChangeLedger.Release.ReleaseVerdictRecorded, ChangeLedger	{"hash": "b96e36086d201d38333b41700e708b4020d6e38ca4256be775a0c6ac952a41e1", "actor": "frank", "eventId": "override-102", "prevHash": "f960306c9906d5439cd07f38dad50280626277b3fc8b39ee57b403b973b66473", "occurredAt": "2026-03-03T10:50:00.0000000Z", "recordedBy": "key:lnoi6c37hgt5 (release-manager)"}	key:lnoi6c37hgt5 (release-manager)	f
35	c11a9b8b-3d31-4548-8ada-182e7f0b26f0	pay-102	6	{"version": "2026.03.03-hotfix", "changeId": "pay-102", "override": {"by": "frank", "justification": "INC-13: declines mis-mapped in prod; tests fixed in pay-105"}, "occurredAt": "2026-03-03T10:50:00+00:00", "releasedBy": "frank", "environment": "prod", "verdictVersion": 5}	\N	change_released	2026-11-30 09:38:59.360348+00	*DEFAULT*	ChangeLedger.Changes.ChangeReleased, ChangeLedger	{"hash": "27813587a87b376cc139a8fb1a68616313c7de7c12f6937c1fe8fdecee202b54", "actor": "frank", "eventId": "override-102", "prevHash": "b96e36086d201d38333b41700e708b4020d6e38ca4256be775a0c6ac952a41e1", "occurredAt": "2026-03-03T10:50:00.0000000Z", "recordedBy": "key:lnoi6c37hgt5 (release-manager)"}	key:lnoi6c37hgt5 (release-manager)	f
39	fa5e1593-1a71-4885-b63d-30d95060d20d	pay-104	1	{"owner": "alice", "scope": {"excludes": [], "includes": ["src/capture/**", "src/retry/**"]}, "title": "Capture client and retries", "origin": {"kind": "Generated", "tool": "claude-code", "model": "claude-opus-4", "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "changeId": "pay-104", "baseCommit": null, "headCommit": "e5e5e5e", "occurredAt": "2026-03-03T12:00:00+00:00", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "parentChangeId": null, "acceptanceCriteria": []}	\N	change_proposed	2026-11-30 09:39:00.756088+00	*DEFAULT*	ChangeLedger.Changes.ChangeProposed, ChangeLedger	{"hash": "a37a7edc9163979c03fd093368f6d5edcf3dd1d2cc02b59df0090a7ecb7b3487", "actor": "ci-bot", "occurredAt": "2026-03-03T12:00:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
49	ab7e3e75-5e5b-422a-9b18-ae79ff60e311	led-201	1	{"owner": "erin", "scope": {"excludes": [], "includes": []}, "title": "Index the journal by posting date", "origin": {"kind": "Human", "tool": null, "model": null, "promptRef": null, "sessionId": null, "requestedBy": null}, "changeId": "led-201", "baseCommit": "0a0a0a0", "headCommit": "f6f6f6f", "occurredAt": "2026-03-04T08:00:00+00:00", "repository": "github.com/acme/ledger", "submittedBy": "erin", "parentChangeId": null, "acceptanceCriteria": ["month-end close under 5 minutes"]}	\N	change_proposed	2026-11-30 09:39:02.117569+00	*DEFAULT*	ChangeLedger.Changes.ChangeProposed, ChangeLedger	{"hash": "4be29d662527a06da7e97232d83820270bce4ba65f427f27cb10ccb80401cc48", "actor": "erin", "occurredAt": "2026-03-04T08:00:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
50	466b8eeb-eed1-4f4c-ae08-532437c3362f	led-201	2	{"check": "migrations", "commit": "f6f6f6f", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Passed", "changeId": "led-201", "logDigest": null, "durationMs": null, "occurredAt": "2026-03-04T08:10:00+00:00"}	\N	validation_recorded	2026-11-30 09:39:02.297159+00	*DEFAULT*	ChangeLedger.Changes.ValidationRecorded, ChangeLedger	{"hash": "57ac037078fcb3d57bc55e7281fefc559412cc2b0cb446eb7aed6916d4b26314", "actor": "github-actions", "prevHash": "4be29d662527a06da7e97232d83820270bce4ba65f427f27cb10ccb80401cc48", "occurredAt": "2026-03-04T08:10:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
52	b064027f-636d-4b4c-b176-448b2e597f08	led-201	4	{"verdict": {"ready": true, "rules": [{"rule": "status-allows-release", "detail": "Status accepted allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to staging.", "passed": true, "evidence": []}, {"rule": "required-check", "detail": "The policy requires no checks.", "passed": true, "evidence": []}, {"rule": "min-approvals", "detail": "1 independent approval(s) on the head commit; the policy requires 0.", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on f6f6f6f", "version": 3}]}, {"rule": "generated-change-human-review", "detail": "A human-written change; no extra review rule applies.", "passed": true, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "led-201", "environment": "staging", "evaluatedAt": "2026-11-30T09:39:02.6969393+00:00", "inputsDigest": "aaa688e490d395a611551cbddcf379d8e3db0dee14a052b854d07a0d19c358f8", "changeVersion": 3, "policyVersion": 1, "policyRepository": "github.com/acme/ledger"}, "changeId": "led-201", "occurredAt": "2026-03-04T08:30:00+00:00", "requestedBy": "deploy-bot"}	\N	release_verdict_recorded	2026-11-30 09:39:02.698366+00	*DEFAULT*	ChangeLedger.Release.ReleaseVerdictRecorded, ChangeLedger	{"hash": "bcbc00a0ae094cf4a264a75d61b86fe96a4ffde30ae6ae288096f9550a54f908", "actor": "deploy-bot", "prevHash": "18316c7fc617f2a67829913fec4c7aad78bdfcfc9fd04fba5bb5e6ed5719d9c5", "occurredAt": "2026-03-04T08:30:00.0000000Z", "recordedBy": "key:ukpzntlgl7jx (deployer)"}	key:ukpzntlgl7jx (deployer)	f
53	6b0b97b7-fa48-4064-ae3a-c8e022830eda	led-201	5	{"version": "5.0.0-rc1", "changeId": "led-201", "override": null, "occurredAt": "2026-03-04T08:30:00+00:00", "releasedBy": "deploy-bot", "environment": "staging", "verdictVersion": 4}	\N	change_released	2026-11-30 09:39:02.698366+00	*DEFAULT*	ChangeLedger.Changes.ChangeReleased, ChangeLedger	{"hash": "aefd7663c1c7836354f3edf7937dbcf7e8681a69fca458b857aafcfd407d627a", "actor": "deploy-bot", "prevHash": "bcbc00a0ae094cf4a264a75d61b86fe96a4ffde30ae6ae288096f9550a54f908", "occurredAt": "2026-03-04T08:30:00.0000000Z", "recordedBy": "key:ukpzntlgl7jx (deployer)"}	key:ukpzntlgl7jx (deployer)	f
58	581706f3-38c3-4ace-9a14-68e1ba623932	led-201	10	{"by": "gina", "to": "erin", "from": "gina", "reason": "back from leave", "changeId": "led-201", "occurredAt": "2026-03-05T10:00:00+00:00"}	\N	ownership_transferred	2026-11-30 09:39:03.485536+00	*DEFAULT*	ChangeLedger.Changes.OwnershipTransferred, ChangeLedger	{"hash": "aab6a24a6c78675f5f1c7ce035d0eed06c8bab900490dcba5f45037831615047", "actor": "gina", "prevHash": "c9ebc2df4fb4ff430976190ca7adb275919a9fe2f1fa8fc78f2dab0d9d8a8b01", "occurredAt": "2026-03-05T10:00:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
40	5f0d6a54-01b8-40d2-ae3d-0a7bae8b6bd4	pay-104	2	{"commit": "e5e5e5e", "comment": "two changes in one", "changeId": "pay-104", "decision": "SplitRequested", "reviewer": "bob", "occurredAt": "2026-03-03T12:10:00+00:00"}	\N	review_decided	2026-11-30 09:39:00.986596+00	*DEFAULT*	ChangeLedger.Changes.ReviewDecided, ChangeLedger	{"hash": "5fb0f5a71276559facd6ba42f133a4af0a25377c4a4d17456c960ba0b903d5a4", "actor": "bob", "prevHash": "a37a7edc9163979c03fd093368f6d5edcf3dd1d2cc02b59df0090a7ecb7b3487", "occurredAt": "2026-03-03T12:10:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
51	57468e0d-96b7-4dec-a9ed-ac1fe378c41e	led-201	3	{"commit": "f6f6f6f", "comment": null, "changeId": "led-201", "decision": "Accepted", "reviewer": "bob", "occurredAt": "2026-03-04T08:20:00+00:00"}	\N	review_decided	2026-11-30 09:39:02.462003+00	*DEFAULT*	ChangeLedger.Changes.ReviewDecided, ChangeLedger	{"hash": "18316c7fc617f2a67829913fec4c7aad78bdfcfc9fd04fba5bb5e6ed5719d9c5", "actor": "bob", "prevHash": "57ac037078fcb3d57bc55e7281fefc559412cc2b0cb446eb7aed6916d4b26314", "occurredAt": "2026-03-04T08:20:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
56	31082d4b-e4f7-48f5-8a1c-2e6987e1730f	led-201	8	{"verdict": {"ready": false, "rules": [{"rule": "status-allows-release", "detail": "Status released allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Already released to prod.", "passed": false, "evidence": []}, {"rule": "required-check", "detail": "The policy requires no checks.", "passed": true, "evidence": []}, {"rule": "min-approvals", "detail": "1 independent approval(s) on the head commit; the policy requires 0.", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on f6f6f6f", "version": 3}]}, {"rule": "generated-change-human-review", "detail": "A human-written change; no extra review rule applies.", "passed": true, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "led-201", "environment": "prod", "evaluatedAt": "2026-11-30T09:39:03.042298+00:00", "inputsDigest": "c55fe2e439832f45e0efe147eefd3b63dac4d6fa7db397d8b7e31862e3c42d52", "changeVersion": 7, "policyVersion": 1, "policyRepository": "github.com/acme/ledger"}, "changeId": "led-201", "occurredAt": "2026-03-04T09:05:00+00:00", "requestedBy": "deploy-bot"}	\N	release_verdict_recorded	2026-11-30 09:39:03.049715+00	*DEFAULT*	ChangeLedger.Release.ReleaseVerdictRecorded, ChangeLedger	{"hash": "deb8fe37d248ec38f086aafb440da6b658aaba8b27cf468c69d7ba706802ffcc", "actor": "deploy-bot", "prevHash": "be7c26a04d594b439a4170422af59a0f588e93b9ac43a66afc8e0ce0ada16946", "occurredAt": "2026-03-04T09:05:00.0000000Z", "recordedBy": "key:ukpzntlgl7jx (deployer)"}	key:ukpzntlgl7jx (deployer)	f
59	8111e6b1-69ba-4071-99ad-ada98a17de19	led-202	1	{"owner": "alice", "scope": {"excludes": [], "includes": []}, "title": "Cap journal retries", "origin": {"kind": "Generated", "tool": "claude-code", "model": null, "promptRef": null, "sessionId": null, "requestedBy": "alice"}, "changeId": "led-202", "baseCommit": null, "headCommit": "1234abc", "occurredAt": "2026-03-05T11:00:00+00:00", "repository": "github.com/acme/ledger", "submittedBy": "ci-bot", "parentChangeId": null, "acceptanceCriteria": []}	\N	change_proposed	2026-11-30 09:39:03.925928+00	*DEFAULT*	ChangeLedger.Changes.ChangeProposed, ChangeLedger	{"hash": "b24f23676d62510a6601738a0f9e3b6986ba1663a8f9b6d7a4ef5acb4e5ad8e6", "actor": "ci-bot", "eventId": "run-202-propose", "occurredAt": "2026-03-05T11:00:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
60	e0f71cb0-82bb-4e0d-a687-bcb08331eb07	led-202	2	{"check": "unit-tests", "commit": "1234abc", "runUrl": null, "runner": "gitlab-ci", "command": null, "outcome": "Passed", "changeId": "led-202", "logDigest": null, "durationMs": null, "occurredAt": "2026-03-05T11:05:00+00:00"}	\N	validation_recorded	2026-11-30 09:39:03.949632+00	*DEFAULT*	ChangeLedger.Changes.ValidationRecorded, ChangeLedger	{"hash": "5409a1a01d82779048dfc23ca89107275e52c01f7cd3cd6af0bd9ec5429c9b06", "actor": "gitlab-ci", "eventId": "run-202-unit", "prevHash": "b24f23676d62510a6601738a0f9e3b6986ba1663a8f9b6d7a4ef5acb4e5ad8e6", "occurredAt": "2026-03-05T11:05:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
61	f2ac755b-6e3d-4c26-acda-ebe3063770a7	led-202	3	{"kind": "Manual", "holdId": "sec-1", "reason": "waiting for security sign-off", "changeId": "led-202", "placedBy": "dana", "expiresAt": "2099-01-01T00:00:00+00:00", "occurredAt": "2026-03-05T11:10:00+00:00"}	\N	hold_placed	2026-11-30 09:39:03.965937+00	*DEFAULT*	ChangeLedger.Changes.HoldPlaced, ChangeLedger	{"hash": "0c0a7f478a7c7381fd44572b838447e15b084ae5524ccb058102a9221bceeb77", "actor": "dana", "prevHash": "5409a1a01d82779048dfc23ca89107275e52c01f7cd3cd6af0bd9ec5429c9b06", "occurredAt": "2026-03-05T11:10:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
64	8809069a-9080-4e55-9e52-c52c61d00381	pay-301	2	{"check": "refund-retry-e2e", "commit": "c0ffee1", "runUrl": null, "runner": "https://ci.example.com/acme/payments/runs/902", "command": null, "outcome": "Failed", "changeId": "pay-301", "logDigest": null, "durationMs": null, "occurredAt": "2026-11-20T09:25:00+00:00"}	\N	validation_recorded	2026-11-30 09:39:04.547384+00	*DEFAULT*	ChangeLedger.Changes.ValidationRecorded, ChangeLedger	{"hash": "76fb8eecfba0de2d4f72d8c71d9d6b0730f323acf89cd5f5ff59af790dfe72dc", "actor": "https://ci.example.com/acme/payments/runs/902", "eventId": "ce:https://ci.example.com/acme/payments/runs/902 evt-301-case", "prevHash": "21bd605040a7a7a2af305b8f83b60b8b568f4c6e23c3bd75ad94cb77adc2710f", "occurredAt": "2026-11-20T09:25:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
65	8b22ca5e-52bf-43d2-9c8d-1eb965ba9794	mob-401	1	{"owner": "hana", "scope": {"excludes": [], "includes": []}, "title": "Dark mode", "origin": {"kind": "Human", "tool": null, "model": null, "promptRef": null, "sessionId": null, "requestedBy": null}, "changeId": "mob-401", "baseCommit": null, "headCommit": "abcdef0", "occurredAt": "2026-03-06T08:00:00+00:00", "repository": "gitlab.com/beta/mobile", "submittedBy": "hana", "parentChangeId": null, "acceptanceCriteria": []}	\N	change_proposed	2026-11-30 09:39:04.659613+00	*DEFAULT*	ChangeLedger.Changes.ChangeProposed, ChangeLedger	{"hash": "5c78a4731d602455a96c53289fcd88f8b238d52c9c92d430f3df5e5825093de3", "actor": "hana", "occurredAt": "2026-03-06T08:00:00.0000000Z", "recordedBy": "key:ke4fhblp2xe2 (gitlab-ci)"}	key:ke4fhblp2xe2 (gitlab-ci)	f
44	5038296b-001c-474a-89eb-9d6d3ada9bd4	pay-104b	2	{"by": "alice", "reason": "superseded by pay-101", "changeId": "pay-104b", "occurredAt": "2026-03-03T12:30:00+00:00"}	\N	change_withdrawn	2026-11-30 09:39:01.373849+00	*DEFAULT*	ChangeLedger.Changes.ChangeWithdrawn, ChangeLedger	{"hash": "3e80e843cd219dcb3b226cbfe3dc3cbe3083f1fa549aaab67669020a071149e4", "actor": "alice", "prevHash": "7d2657bb7a8e12eb6488e1368dfc98a8d8a59afdaa4889839511a5b32dbe51e4", "occurredAt": "2026-03-03T12:30:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
45	02e36d1e-ec93-4e5e-b4e0-1f90a345d40e	pay-104a	2	{"kind": "Incident", "holdId": "inc-14", "reason": "INC-14 under investigation", "changeId": "pay-104a", "placedBy": "oncall-carol", "expiresAt": "2026-03-03T14:00:00+00:00", "occurredAt": "2026-03-03T13:00:00+00:00"}	\N	hold_placed	2026-11-30 09:39:01.488547+00	*DEFAULT*	ChangeLedger.Changes.HoldPlaced, ChangeLedger	{"hash": "658c072f54e29b203d90b7abb5f298af2e2140f1210db02f7d9a63ce03cdab94", "actor": "oncall-carol", "prevHash": "c30b5d12232e8dd0cc1d059e0bc5e847c1b8ff45d4540a06727b3403ecde08ca", "occurredAt": "2026-03-03T13:00:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
46	7b108bb7-f9a4-48ae-906f-7f2badd3585d	pay-104a	3	{"kind": "Manual", "holdId": "dba", "reason": "waiting for the DBA", "changeId": "pay-104a", "placedBy": "dana", "expiresAt": null, "occurredAt": "2026-03-03T13:10:00+00:00"}	\N	hold_placed	2026-11-30 09:39:01.660999+00	*DEFAULT*	ChangeLedger.Changes.HoldPlaced, ChangeLedger	{"hash": "c1d4759712c96849b11e5ff3bc015ac878dc62a9a72b3773c5bf8c6dbc313e43", "actor": "dana", "prevHash": "658c072f54e29b203d90b7abb5f298af2e2140f1210db02f7d9a63ce03cdab94", "occurredAt": "2026-03-03T13:10:00.0000000Z", "recordedBy": "key:uahjoa6vm5jr (reviewers)"}	key:uahjoa6vm5jr (reviewers)	f
47	f7fee15c-2d96-4509-b46a-85ce8e5c37b0	pay-104a	4	{"kind": "Policy", "holdId": "pci", "reason": "PCI review due", "changeId": "pay-104a", "placedBy": "compliance-bot", "expiresAt": "2099-01-01T00:00:00+00:00", "occurredAt": "2026-03-03T13:20:00+00:00"}	\N	hold_placed	2026-11-30 09:39:01.840419+00	*DEFAULT*	ChangeLedger.Changes.HoldPlaced, ChangeLedger	{"hash": "92685d785765a614eed9fecf6a0202d7450d0aff819e62617d2c3e8cca5e4d03", "actor": "compliance-bot", "prevHash": "c1d4759712c96849b11e5ff3bc015ac878dc62a9a72b3773c5bf8c6dbc313e43", "occurredAt": "2026-03-03T13:20:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
48	74f2959a-ab29-471b-8295-570e209d60ba	pay-104a	5	{"check": "unit-tests", "commit": "e5e5e5e", "runUrl": null, "runner": "github-actions", "command": null, "outcome": "Skipped", "changeId": "pay-104a", "logDigest": null, "durationMs": null, "occurredAt": "2026-03-03T13:30:00+00:00"}	\N	validation_recorded	2026-11-30 09:39:02.000422+00	*DEFAULT*	ChangeLedger.Changes.ValidationRecorded, ChangeLedger	{"hash": "69d163088d58f1104162906566189c76774961b32efa03e072310973bf17686d", "actor": "github-actions", "prevHash": "92685d785765a614eed9fecf6a0202d7450d0aff819e62617d2c3e8cca5e4d03", "occurredAt": "2026-03-03T13:30:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
54	86f4fa58-bf2a-44ae-9f48-a7945e9638f2	led-201	6	{"verdict": {"ready": true, "rules": [{"rule": "status-allows-release", "detail": "Status released allows release.", "passed": true, "evidence": []}, {"rule": "not-already-released", "detail": "Not yet released to prod.", "passed": true, "evidence": []}, {"rule": "required-check", "detail": "The policy requires no checks.", "passed": true, "evidence": []}, {"rule": "min-approvals", "detail": "1 independent approval(s) on the head commit; the policy requires 0.", "passed": true, "evidence": [{"type": "review_decided", "detail": "bob accepted on f6f6f6f", "version": 3}]}, {"rule": "generated-change-human-review", "detail": "A human-written change; no extra review rule applies.", "passed": true, "evidence": []}, {"rule": "no-open-holds", "detail": "No hold is in force.", "passed": true, "evidence": []}], "changeId": "led-201", "environment": "prod", "evaluatedAt": "2026-11-30T09:39:02.8787431+00:00", "inputsDigest": "2fed55a9c435b939c1ef70e87258471ae01db7d85adedf76844a701c247953ef", "changeVersion": 5, "policyVersion": 1, "policyRepository": "github.com/acme/ledger"}, "changeId": "led-201", "occurredAt": "2026-03-04T09:00:00+00:00", "requestedBy": "deploy-bot"}	\N	release_verdict_recorded	2026-11-30 09:39:02.879992+00	*DEFAULT*	ChangeLedger.Release.ReleaseVerdictRecorded, ChangeLedger	{"hash": "116175f764a5534836986f27a25fa79a192b92baf264a05b13edf4b0e9d1d789", "actor": "deploy-bot", "prevHash": "aefd7663c1c7836354f3edf7937dbcf7e8681a69fca458b857aafcfd407d627a", "occurredAt": "2026-03-04T09:00:00.0000000Z", "recordedBy": "key:ukpzntlgl7jx (deployer)"}	key:ukpzntlgl7jx (deployer)	f
55	f878a321-1a29-41c7-82e5-7f988859d55b	led-201	7	{"version": "5.0.0", "changeId": "led-201", "override": null, "occurredAt": "2026-03-04T09:00:00+00:00", "releasedBy": "deploy-bot", "environment": "prod", "verdictVersion": 6}	\N	change_released	2026-11-30 09:39:02.879992+00	*DEFAULT*	ChangeLedger.Changes.ChangeReleased, ChangeLedger	{"hash": "be7c26a04d594b439a4170422af59a0f588e93b9ac43a66afc8e0ce0ada16946", "actor": "deploy-bot", "prevHash": "116175f764a5534836986f27a25fa79a192b92baf264a05b13edf4b0e9d1d789", "occurredAt": "2026-03-04T09:00:00.0000000Z", "recordedBy": "key:ukpzntlgl7jx (deployer)"}	key:ukpzntlgl7jx (deployer)	f
57	4f31d6a1-6d40-45d6-8bf0-ba9da32f24d7	led-201	9	{"by": "erin", "to": "gina", "from": "erin", "reason": "on leave", "changeId": "led-201", "occurredAt": "2026-03-04T10:00:00+00:00"}	\N	ownership_transferred	2026-11-30 09:39:03.261221+00	*DEFAULT*	ChangeLedger.Changes.OwnershipTransferred, ChangeLedger	{"hash": "c9ebc2df4fb4ff430976190ca7adb275919a9fe2f1fa8fc78f2dab0d9d8a8b01", "actor": "erin", "prevHash": "deb8fe37d248ec38f086aafb440da6b658aaba8b27cf468c69d7ba706802ffcc", "occurredAt": "2026-03-04T10:00:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
62	de666bf0-7309-49ce-9194-d653c58fe7fb	led-202	4	{"by": "alice", "to": "gina", "from": "alice", "reason": "gina owns the journal", "changeId": "led-202", "occurredAt": "2026-03-05T11:15:00+00:00"}	\N	ownership_transferred	2026-11-30 09:39:03.986731+00	*DEFAULT*	ChangeLedger.Changes.OwnershipTransferred, ChangeLedger	{"hash": "b326b49f8c6a50cc316a73805635ef7c60fa767c54b5088deec01a0c808fdc9a", "actor": "alice", "prevHash": "0c0a7f478a7c7381fd44572b838447e15b084ae5524ccb058102a9221bceeb77", "occurredAt": "2026-03-05T11:15:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
63	d906c264-05b8-4cd4-a7cf-d6f200f82408	pay-301	1	{"owner": "alice", "scope": {"excludes": [], "includes": []}, "title": "Retry idempotent refunds", "origin": {"kind": "Generated", "tool": "claude-code", "model": "opus-4", "promptRef": null, "sessionId": null, "requestedBy": "bob"}, "changeId": "pay-301", "baseCommit": "base000", "headCommit": "c0ffee1", "occurredAt": "2026-11-20T09:00:00+00:00", "repository": "github.com/acme/payments", "submittedBy": "ci-bot", "parentChangeId": null, "acceptanceCriteria": []}	\N	change_proposed	2026-11-30 09:39:04.309885+00	*DEFAULT*	ChangeLedger.Changes.ChangeProposed, ChangeLedger	{"hash": "21bd605040a7a7a2af305b8f83b60b8b568f4c6e23c3bd75ad94cb77adc2710f", "actor": "ci-bot", "eventId": "ce:https://ci.example.com/acme/payments evt-301-created", "occurredAt": "2026-11-20T09:00:00.0000000Z", "recordedBy": "key:bemz4ahxnyjk (ci)"}	key:bemz4ahxnyjk (ci)	f
66	0d9d36a8-0667-49c3-ad72-bd48f07c96b0	mob-401	2	{"by": "hana", "reason": "design changed", "changeId": "mob-401", "occurredAt": "2026-03-06T09:00:00+00:00"}	\N	change_withdrawn	2026-11-30 09:39:04.801977+00	*DEFAULT*	ChangeLedger.Changes.ChangeWithdrawn, ChangeLedger	{"hash": "7bd930b076510b3ea9e644dbd4d9588e85adba951dfa6ad11effc08785b7fece", "actor": "hana", "eventId": "mob-401-withdraw", "prevHash": "5c78a4731d602455a96c53289fcd88f8b238d52c9c92d430f3df5e5825093de3", "occurredAt": "2026-03-06T09:00:00.0000000Z", "recordedBy": "key:ke4fhblp2xe2 (gitlab-ci)"}	key:ke4fhblp2xe2 (gitlab-ci)	f
67	fb370c50-cdcd-441b-acfd-487a25ebb8bc	~integrity:checkpoints	1	{"keyId": "a8afef249fb09f80", "streams": 20, "sequence": 66, "signature": "MEUCIQD389dVNnZwGFc2/qD1L0W9/wd5301VL57LFXuSk+BGqAIgH1RCO5o7CY7osa5Ns4frZpYPSSXYcfdx+kExVWiFQMs=", "merkleRoot": "b6084f7dcaf848e2c7232f508916f42072e4e4270b636c4c0d68ffc75b1a9e9b", "occurredAt": "2026-11-30T09:39:06.2576836+00:00", "recordedBy": "on-demand"}	\N	checkpoint_recorded	2026-11-30 09:39:06.272571+00	*DEFAULT*	ChangeLedger.Integrity.CheckpointRecorded, ChangeLedger	{"hash": "6374617ab3fe6a40d9f84feb62d304597f943a454ad2f4468710fe49b5e4d695", "actor": "on-demand", "occurredAt": "2026-11-30T09:39:06.2576836Z"}	\N	f
\.


--
-- Data for Name: mt_high_water_skips; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_high_water_skips (ending_sequence, starting_sequence, "timestamp") FROM stdin;
\.


--
-- Data for Name: mt_streams; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.mt_streams (id, type, version, "timestamp", created, tenant_id, compacted_version, is_archived) FROM stdin;
~key:ry6voneslxgt	api_key	1	2026-11-30 09:38:50.63338+00	2026-11-30 09:38:50.63338+00	*DEFAULT*	0	f
~key:bemz4ahxnyjk	api_key	1	2026-11-30 09:38:52.016357+00	2026-11-30 09:38:52.016357+00	*DEFAULT*	0	f
~key:ke4fhblp2xe2	api_key	1	2026-11-30 09:38:52.195933+00	2026-11-30 09:38:52.195933+00	*DEFAULT*	0	f
~key:uahjoa6vm5jr	api_key	1	2026-11-30 09:38:52.298932+00	2026-11-30 09:38:52.298932+00	*DEFAULT*	0	f
~key:ukpzntlgl7jx	api_key	1	2026-11-30 09:38:52.566444+00	2026-11-30 09:38:52.566444+00	*DEFAULT*	0	f
~key:lnoi6c37hgt5	api_key	1	2026-11-30 09:38:52.666224+00	2026-11-30 09:38:52.666224+00	*DEFAULT*	0	f
~key:5vbvgkwobvao	api_key	1	2026-11-30 09:38:52.951668+00	2026-11-30 09:38:52.951668+00	*DEFAULT*	0	f
~key:2y7bcqmlhl64	api_key	2	2026-11-30 09:38:53.492216+00	2026-11-30 09:38:52.78686+00	*DEFAULT*	0	f
~policy:github.com%2Facme%2Fledger	repository_policy	1	2026-11-30 09:38:53.972806+00	2026-11-30 09:38:53.972806+00	*DEFAULT*	0	f
pay-101	change	17	2026-11-30 09:38:58.521+00	2026-11-30 09:38:54.335357+00	*DEFAULT*	0	f
~policy:github.com%2Facme%2Fpayments	repository_policy	2	2026-11-30 09:38:58.636535+00	2026-11-30 09:38:53.85262+00	*DEFAULT*	0	f
pay-102	change	6	2026-11-30 09:38:59.384969+00	2026-11-30 09:38:58.710039+00	*DEFAULT*	0	f
pay-103	change	3	2026-11-30 09:39:00.366501+00	2026-11-30 09:39:00.010539+00	*DEFAULT*	0	f
pay-104	change	3	2026-11-30 09:39:01.173849+00	2026-11-30 09:39:00.766873+00	*DEFAULT*	0	f
pay-104b	change	2	2026-11-30 09:39:01.396604+00	2026-11-30 09:39:01.173849+00	*DEFAULT*	0	f
pay-104a	change	5	2026-11-30 09:39:02.039454+00	2026-11-30 09:39:01.173849+00	*DEFAULT*	0	f
led-201	change	10	2026-11-30 09:39:03.53973+00	2026-11-30 09:39:02.121184+00	*DEFAULT*	0	f
led-202	change	4	2026-11-30 09:39:04.007279+00	2026-11-30 09:39:03.942778+00	*DEFAULT*	0	f
pay-301	change	2	2026-11-30 09:39:04.581087+00	2026-11-30 09:39:04.31331+00	*DEFAULT*	0	f
mob-401	change	2	2026-11-30 09:39:04.833074+00	2026-11-30 09:39:04.66313+00	*DEFAULT*	0	f
~integrity:checkpoints	\N	1	2026-11-30 09:39:06.289088+00	2026-11-30 09:39:06.289088+00	*DEFAULT*	0	f
\.


--
-- Data for Name: wolverine_agent_restrictions; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.wolverine_agent_restrictions (id, uri, type, node) FROM stdin;
\.


--
-- Data for Name: wolverine_control_queue; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.wolverine_control_queue (id, message_type, node_id, body, posted, expires) FROM stdin;
\.


--
-- Data for Name: wolverine_dead_letter_history; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.wolverine_dead_letter_history (id, replay_count, last_replayed_at, first_failed_at) FROM stdin;
\.


--
-- Data for Name: wolverine_dead_letters; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.wolverine_dead_letters (id, execution_time, body, message_type, received_at, source, exception_type, exception_message, sent_at, replayable, failure_group, failure_title, failed_at, first_failed_at, replay_count, last_replayed_at, archived_at) FROM stdin;
\.


--
-- Data for Name: wolverine_incoming_envelopes; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.wolverine_incoming_envelopes (id, status, owner_id, execution_time, attempts, body, message_type, received_at, keep_until) FROM stdin;
\.


--
-- Data for Name: wolverine_node_assignments; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.wolverine_node_assignments (id, node_id, started) FROM stdin;
\.


--
-- Data for Name: wolverine_node_records; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.wolverine_node_records (id, node_number, event_name, "timestamp", description) FROM stdin;
1	1	NodeStarted	2026-11-30 09:38:50.396636+00	
2	1	LeadershipAssumed	2026-11-30 09:39:03.767291+00	wolverine://leader/
3	1	AssignmentChanged	2026-11-30 09:39:03.767291+00	AssignAgent { AgentUri = wolverinedb://postgresql/127.0.0.1/changeledger_upgrade/ledger, Destination = NodeDestination { NodeId = 0b4df9b9-c60b-4031-b662-38d90e520c02, ControlUri = dbcontrol://0b4df9b9-c60b-4031-b662-38d90e520c02/ }, DestinationNodeId = 0b4df9b9-c60b-4031-b662-38d90e520c02 }
4	1	AgentStarted	2026-11-30 09:39:03.767291+00	wolverinedb://postgresql/127.0.0.1/changeledger_upgrade/ledger
\.


--
-- Data for Name: wolverine_nodes; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.wolverine_nodes (id, node_number, description, uri, started, health_check, version, capabilities) FROM stdin;
\.


--
-- Data for Name: wolverine_outgoing_envelopes; Type: TABLE DATA; Schema: ledger; Owner: -
--

COPY ledger.wolverine_outgoing_envelopes (id, owner_id, destination, deliver_by, body, attempts, message_type) FROM stdin;
\.


--
-- Name: mt_events_sequence; Type: SEQUENCE SET; Schema: ledger; Owner: -
--

SELECT pg_catalog.setval('ledger.mt_events_sequence', 67, true);


--
-- Name: wolverine_node_records_id_seq; Type: SEQUENCE SET; Schema: ledger; Owner: -
--

SELECT pg_catalog.setval('ledger.wolverine_node_records_id_seq', 4, true);


--
-- Name: wolverine_nodes_node_number_seq; Type: SEQUENCE SET; Schema: ledger; Owner: -
--

SELECT pg_catalog.setval('ledger.wolverine_nodes_node_number_seq', 1, true);


--
-- Name: mt_event_progression pk_mt_event_progression; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_event_progression
    ADD CONSTRAINT pk_mt_event_progression PRIMARY KEY (name);


--
-- Name: mt_doc_apikey pkey_mt_doc_apikey_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_apikey
    ADD CONSTRAINT pkey_mt_doc_apikey_id PRIMARY KEY (id);


--
-- Name: mt_doc_chainhead pkey_mt_doc_chainhead_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_chainhead
    ADD CONSTRAINT pkey_mt_doc_chainhead_id PRIMARY KEY (id);


--
-- Name: mt_doc_change pkey_mt_doc_change_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_change
    ADD CONSTRAINT pkey_mt_doc_change_id PRIMARY KEY (id);


--
-- Name: mt_doc_changesummary pkey_mt_doc_changesummary_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_changesummary
    ADD CONSTRAINT pkey_mt_doc_changesummary_id PRIMARY KEY (id);


--
-- Name: mt_doc_deadletterevent pkey_mt_doc_deadletterevent_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_deadletterevent
    ADD CONSTRAINT pkey_mt_doc_deadletterevent_id PRIMARY KEY (id);


--
-- Name: mt_doc_envelope pkey_mt_doc_envelope_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_envelope
    ADD CONSTRAINT pkey_mt_doc_envelope_id PRIMARY KEY (id);


--
-- Name: mt_doc_evidence pkey_mt_doc_evidence_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_evidence
    ADD CONSTRAINT pkey_mt_doc_evidence_id PRIMARY KEY (id);


--
-- Name: mt_doc_ingestionreceipt pkey_mt_doc_ingestionreceipt_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_ingestionreceipt
    ADD CONSTRAINT pkey_mt_doc_ingestionreceipt_id PRIMARY KEY (id);


--
-- Name: mt_doc_ownershiphistory pkey_mt_doc_ownershiphistory_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_ownershiphistory
    ADD CONSTRAINT pkey_mt_doc_ownershiphistory_id PRIMARY KEY (id);


--
-- Name: mt_doc_personactivity pkey_mt_doc_personactivity_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_personactivity
    ADD CONSTRAINT pkey_mt_doc_personactivity_id PRIMARY KEY (id);


--
-- Name: mt_doc_releaserecord pkey_mt_doc_releaserecord_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_releaserecord
    ADD CONSTRAINT pkey_mt_doc_releaserecord_id PRIMARY KEY (id);


--
-- Name: mt_doc_repositorypolicy pkey_mt_doc_repositorypolicy_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_doc_repositorypolicy
    ADD CONSTRAINT pkey_mt_doc_repositorypolicy_id PRIMARY KEY (id);


--
-- Name: mt_event_projection_floors pkey_mt_event_projection_floors_name_tenant_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_event_projection_floors
    ADD CONSTRAINT pkey_mt_event_projection_floors_name_tenant_id PRIMARY KEY (name, tenant_id);


--
-- Name: mt_events pkey_mt_events_seq_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_events
    ADD CONSTRAINT pkey_mt_events_seq_id PRIMARY KEY (seq_id);


--
-- Name: mt_high_water_skips pkey_mt_high_water_skips_ending_sequence; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_high_water_skips
    ADD CONSTRAINT pkey_mt_high_water_skips_ending_sequence PRIMARY KEY (ending_sequence);


--
-- Name: mt_streams pkey_mt_streams_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_streams
    ADD CONSTRAINT pkey_mt_streams_id PRIMARY KEY (id);


--
-- Name: wolverine_agent_restrictions pkey_wolverine_agent_restrictions_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_agent_restrictions
    ADD CONSTRAINT pkey_wolverine_agent_restrictions_id PRIMARY KEY (id);


--
-- Name: wolverine_control_queue pkey_wolverine_control_queue_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_control_queue
    ADD CONSTRAINT pkey_wolverine_control_queue_id PRIMARY KEY (id);


--
-- Name: wolverine_dead_letter_history pkey_wolverine_dead_letter_history_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_dead_letter_history
    ADD CONSTRAINT pkey_wolverine_dead_letter_history_id PRIMARY KEY (id);


--
-- Name: wolverine_dead_letters pkey_wolverine_dead_letters_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_dead_letters
    ADD CONSTRAINT pkey_wolverine_dead_letters_id PRIMARY KEY (id);


--
-- Name: wolverine_incoming_envelopes pkey_wolverine_incoming_envelopes_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_incoming_envelopes
    ADD CONSTRAINT pkey_wolverine_incoming_envelopes_id PRIMARY KEY (id);


--
-- Name: wolverine_node_assignments pkey_wolverine_node_assignments_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_node_assignments
    ADD CONSTRAINT pkey_wolverine_node_assignments_id PRIMARY KEY (id);


--
-- Name: wolverine_node_records pkey_wolverine_node_records_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_node_records
    ADD CONSTRAINT pkey_wolverine_node_records_id PRIMARY KEY (id);


--
-- Name: wolverine_nodes pkey_wolverine_nodes_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_nodes
    ADD CONSTRAINT pkey_wolverine_nodes_id PRIMARY KEY (id);


--
-- Name: wolverine_outgoing_envelopes pkey_wolverine_outgoing_envelopes_id; Type: CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_outgoing_envelopes
    ADD CONSTRAINT pkey_wolverine_outgoing_envelopes_id PRIMARY KEY (id);


--
-- Name: idx_mt_events_event_id; Type: INDEX; Schema: ledger; Owner: -
--

CREATE UNIQUE INDEX idx_mt_events_event_id ON ledger.mt_events USING btree (id);


--
-- Name: idx_wolverine_dead_letter_history_last_replayed_at; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX idx_wolverine_dead_letter_history_last_replayed_at ON ledger.wolverine_dead_letter_history USING btree (last_replayed_at);


--
-- Name: idx_wolverine_dead_letters_failure_group; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX idx_wolverine_dead_letters_failure_group ON ledger.wolverine_dead_letters USING btree (failure_group);


--
-- Name: idx_wolverine_dead_letters_replayable; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX idx_wolverine_dead_letters_replayable ON ledger.wolverine_dead_letters USING btree (replayable) WHERE (replayable = true);


--
-- Name: idx_wolverine_incoming_envelopes_keep_until; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX idx_wolverine_incoming_envelopes_keep_until ON ledger.wolverine_incoming_envelopes USING btree (keep_until) WHERE ((status)::text = 'Handled'::text);


--
-- Name: idx_wolverine_incoming_envelopes_owner; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX idx_wolverine_incoming_envelopes_owner ON ledger.wolverine_incoming_envelopes USING btree (owner_id) WHERE (owner_id <> 0);


--
-- Name: idx_wolverine_incoming_envelopes_recover; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX idx_wolverine_incoming_envelopes_recover ON ledger.wolverine_incoming_envelopes USING btree (received_at) WHERE (((status)::text = 'Incoming'::text) AND (owner_id = 0));


--
-- Name: idx_wolverine_incoming_envelopes_scheduled; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX idx_wolverine_incoming_envelopes_scheduled ON ledger.wolverine_incoming_envelopes USING btree (execution_time) WHERE ((status)::text = 'Scheduled'::text);


--
-- Name: idx_wolverine_outgoing_envelopes_owner; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX idx_wolverine_outgoing_envelopes_owner ON ledger.wolverine_outgoing_envelopes USING btree (owner_id) WHERE (owner_id <> 0);


--
-- Name: idx_wolverine_outgoing_envelopes_recover; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX idx_wolverine_outgoing_envelopes_recover ON ledger.wolverine_outgoing_envelopes USING btree (destination) WHERE (owner_id = 0);


--
-- Name: mt_doc_changesummary_idx_owner; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX mt_doc_changesummary_idx_owner ON ledger.mt_doc_changesummary USING btree (owner);


--
-- Name: mt_doc_changesummary_idx_recorded_at; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX mt_doc_changesummary_idx_recorded_at ON ledger.mt_doc_changesummary USING btree (recorded_at);


--
-- Name: mt_doc_changesummary_idx_repository; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX mt_doc_changesummary_idx_repository ON ledger.mt_doc_changesummary USING btree (repository);


--
-- Name: mt_doc_personactivity_idx_person; Type: INDEX; Schema: ledger; Owner: -
--

CREATE INDEX mt_doc_personactivity_idx_person ON ledger.mt_doc_personactivity USING btree (person);


--
-- Name: pk_mt_events_stream_and_version; Type: INDEX; Schema: ledger; Owner: -
--

CREATE UNIQUE INDEX pk_mt_events_stream_and_version ON ledger.mt_events USING btree (stream_id, version);


--
-- Name: mt_events fkey_mt_events_stream_id; Type: FK CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.mt_events
    ADD CONSTRAINT fkey_mt_events_stream_id FOREIGN KEY (stream_id) REFERENCES ledger.mt_streams(id) ON DELETE CASCADE;


--
-- Name: wolverine_node_assignments fkey_wolverine_node_assignments_node_id; Type: FK CONSTRAINT; Schema: ledger; Owner: -
--

ALTER TABLE ONLY ledger.wolverine_node_assignments
    ADD CONSTRAINT fkey_wolverine_node_assignments_node_id FOREIGN KEY (node_id) REFERENCES ledger.wolverine_nodes(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict NpBwQdzBb0ilz7dByOLaR0eKebh0V8JVaJUTiPO4BkHDukmOJZRSDbhCsOJpGjQ

