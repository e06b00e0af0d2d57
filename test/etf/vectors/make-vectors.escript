#!/usr/bin/env escript
%% -*- erlang -*-
%% Generates the ETF test vectors with real Erlang (Debian: apt-get install erlang-nox).
%%
%%   escript test/etf/vectors/make-vectors.escript            (from the repo root)
%%
%% 1. For every term below writes erlang/NAME.v1.etf (term_to_binary with {minor_version,1}: latin-1
%%    ATOM_EXT, the OTP <= 25 default) and erlang/NAME.v2.etf ({minor_version,2}: UTF-8
%%    SMALL_ATOM_UTF8_EXT/ATOM_UTF8_EXT, the OTP >= 26 default), plus erlang/NAME.z.etf (compressed,
%%    tag 80) for the terms marked z. The test turns these into the other two atom tags as well.
%% 2. Checks our encoder's output: for every ours/NAME.etf (written by
%%    `npx tsx test/etf/vectors/write-ours.ts`) runs binary_to_term (safe mode) and writes back
%%    term_to_binary of what it decoded as ours/NAME.erl.etf; a file Erlang rejects stops the script.
%%    The test decodes those re-encodings and compares them with the fixtures, and checks the
%%    committed ours/NAME.etf still equal what the encoder writes today.
-mode(compile).

vectors() ->
    Snowflake = 175928847299117063,
    [
     {int_0, 0}, {int_255, 255}, {int_256, 256}, {int_neg1, -1},
     {int_max31, 2147483647}, {int_min31, -2147483648},
     {int_2_31, 2147483648}, {int_neg_2_31_minus1, -2147483649},
     {int_2_32, 4294967296}, {int_2_53_minus1, 9007199254740991}, {int_2_53, 9007199254740992},
     {int_neg_2_53_minus1, -9007199254740991},
     {snowflake, Snowflake}, {snowflake_neg, -Snowflake},
     {u64_max, 18446744073709551615}, {int_2_64, 18446744073709551616},
     {int_2_2100, 1 bsl 2100}, {int_neg_2_2100, -(1 bsl 2100)},
     {ms_timestamp, 1700000000000},
     {float_1_5, 1.5}, {float_neg0, -0.0}, {float_0_1, 0.1}, {float_1e300, 1.0e300},
     {float_denormal, 5.0e-324}, {float_3, 3.0},
     {bin_empty, <<>>}, {bin_ascii, <<"hello">>},
     {bin_utf8, <<"h\x{e9}llo \x{1F389} \x{6570}\x{636E}"/utf8>>},
     {bin_nul, <<0, 1, 0>>}, {bin_invalid_utf8, <<255, 254, 65>>},
     {bin_long, binary:copy(<<"abc">>, 1000)},
     {atom_nil, nil}, {atom_null, null}, {atom_true, true}, {atom_false, false},
     {atom_undefined, undefined}, {atom_ok, ok}, {atom_message_create, 'MESSAGE_CREATE'},
     {atom_latin1, 'caf\x{e9}'}, {atom_utf8, binary_to_atom(<<"\x{1F389}\x{6570}"/utf8>>, utf8)},
     {atom_utf8_long, binary_to_atom(binary:copy(<<"\x{6570}"/utf8>>, 100), utf8)},
     {atom_empty, ''},
     {map_empty, #{}}, {map_binary_keys, #{<<"op">> => 2, <<"d">> => #{<<"token">> => <<"x">>}}},
     {map_atom_keys, #{op => 0, t => 'MESSAGE_CREATE', s => 42, d => nil}},
     {map_int_keys, #{1 => <<"one">>, 2 => <<"two">>}},
     {map_proto_key, #{<<"__proto__">> => #{<<"x">> => 1}}},
     {map_nested, #{a => #{b => #{c => [1, #{d => true}]}}}},
     {list_nil, []}, {list_small_ints, [1, 2, 3]}, {list_string, "abc"},
     {list_ints, [1000, 2000, -1]}, {list_mixed, [1, <<"two">>, 3.0, nil, [4]]},
     {list_nested, [[[[]]]]}, {list_long_bytes, lists:duplicate(70000, 7)},
     {list_improper, [1 | 2]}, {list_improper2, [a, b | c]},
     {tuple_empty, {}}, {tuple_3, {1, 2, 3}}, {tuple_ok, {ok, <<"x">>}},
     {tuple_300, list_to_tuple(lists:seq(1, 300))},
     {bitstring, <<5:3>>}, {pid, list_to_pid("<0.1.0>")}, {ref, list_to_ref("#Ref<0.1.2.3>")},
     {heartbeat_ack, #{op => 11, d => nil, s => nil, t => nil}},
     {hello, #{op => 10, d => #{heartbeat_interval => 41250}, s => nil, t => nil}},
     {message_create, #{op => 0, s => 42, t => 'MESSAGE_CREATE',
                        d => #{id => Snowflake, channel_id => 81384788765712384,
                               content => <<"h\x{e9}llo \x{1F389}"/utf8>>,
                               author => #{id => 80351110224678912, username => <<"Nelly">>,
                                           global_name => nil, bot => false},
                               mentions => [], embeds => [#{title => <<"t">>, color => 16711680}],
                               tts => false, timestamp => <<"2024-01-01T00:00:00+00:00">>,
                               edited_timestamp => nil, nonce => 1700000000000}}},
     {identify, #{<<"op">> => 2, <<"d">> => #{<<"token">> => <<"my_token">>, <<"intents">> => 513,
                                              <<"properties">> => #{<<"os">> => <<"linux">>,
                                                                    <<"browser">> => <<"gatewire">>,
                                                                    <<"device">> => <<"gatewire">>}}}}
    ].

compressible() -> [bin_long, list_long_bytes, message_create, heartbeat_ack, tuple_300].

main(_) ->
    Here = filename:dirname(escript:script_name()),
    Out = filename:join(Here, "erlang"),
    ok = filelib:ensure_dir(filename:join(Out, "x")),
    Vs = vectors(),
    lists:foreach(
      fun({Name, Term}) ->
              N = atom_to_list(Name),
              ok = file:write_file(filename:join(Out, N ++ ".v1.etf"), term_to_binary(Term, [{minor_version, 1}])),
              ok = file:write_file(filename:join(Out, N ++ ".v2.etf"), term_to_binary(Term, [{minor_version, 2}])),
              case lists:member(Name, compressible()) of
                  true -> ok = file:write_file(filename:join(Out, N ++ ".z.etf"), term_to_binary(Term, [{compressed, 9}, {minor_version, 1}]));
                  false -> ok
              end
      end, Vs),
    io:format("wrote ~b vectors to ~s (OTP ~s)~n", [length(Vs), Out, erlang:system_info(otp_release)]),
    Ours = filename:join(Here, "ours"),
    Files = [F || F <- filelib:wildcard(filename:join(Ours, "*.etf")), not lists:suffix(".erl.etf", F)],
    lists:foreach(
      fun(F) ->
              {ok, Bin} = file:read_file(F),
              Term = try binary_to_term(Bin, [safe])
                     catch error:badarg -> binary_to_term(Bin) end,
              {Term, Used} = binary_to_term(Bin, [used]),
              Used =:= byte_size(Bin) orelse error({trailing_bytes, F}),
              ok = file:write_file(filename:rootname(F, ".etf") ++ ".erl.etf", term_to_binary(Term, [{minor_version, 1}]))
      end, Files),
    io:format("binary_to_term accepted ~b files of our encoder in ~s~n", [length(Files), Ours]).
