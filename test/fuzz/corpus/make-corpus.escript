#!/usr/bin/env escript
%% -*- erlang -*-
%% Regenerates test/fuzz/corpus/erlang.jsonl, the Erlang-checked ETF corpus of the fuzz suite
%% (Debian: apt-get install erlang-nox; CI has no Erlang, so the output is committed):
%%
%%   escript test/fuzz/corpus/make-corpus.escript            (from the repo root)
%%
%% Each line is one JSON record:
%%   {"hex": <ETF bytes>, "term": <what Erlang decoded, as a typed tree>}   Erlang accepts the bytes
%%   {"hex": <ETF bytes>, "reject": <why>}                                 Erlang's binary_to_term refuses them
%% The typed tree says what the term *is* on Erlang's side, not what JavaScript makes of it:
%%   {"int": "<decimal>"} {"float": "<shortest text>"} {"atom": "<utf-8 hex>"} {"bin": "<hex>"}
%%   {"list": [...]} {"tuple": [...]} {"map": [[key, value], ...]} {"improper": true}
%% The test maps it to JavaScript by gatewire's documented rules and compares with `decode`.
%% Terms are random from a fixed seed, encoded by term_to_binary with minor versions 0, 1 and 2,
%% compressed, and by hand with every atom tag; every record is verified with binary_to_term.
-mode(compile).

main(_) ->
    rand:seed(exsss, {15, 15, 15}),
    Out = "test/fuzz/corpus/erlang.jsonl",
    Terms = [gen(4) || _ <- lists:seq(1, 700)] ++ fixed(),
    Accepted = lists:flatmap(fun encodings/1, Terms),
    Rejected = rejected(),
    Lines = [accept_line(B) || B <- Accepted] ++ [reject_line(B, Why) || {B, Why} <- Rejected],
    ok = file:write_file(Out, [[L, $\n] || L <- Lines]),
    io:format("wrote ~p records (~p accepted, ~p rejected) to ~s~n",
              [length(Lines), length(Accepted), length(Rejected), Out]).

%% ---------------------------------------------------------------- random terms

gen(0) -> leaf();
gen(Depth) ->
    case rand:uniform(10) of
        N when N =< 4 -> leaf();
        5 -> [gen(Depth - 1) || _ <- lists:seq(1, rand:uniform(5) - 1)];
        6 -> [rand:uniform(256) - 1 || _ <- lists:seq(1, rand:uniform(6))];   % STRING_EXT
        7 -> list_to_tuple([gen(Depth - 1) || _ <- lists:seq(1, rand:uniform(4) - 1)]);
        _ -> maps:from_list([{key(), gen(Depth - 1)} || _ <- lists:seq(1, rand:uniform(6) - 1)])
    end.

leaf() ->
    case rand:uniform(12) of
        1 -> rand:uniform(256) - 1;
        2 -> rand:uniform(1 bsl 32) - (1 bsl 31);
        3 -> rand:uniform(1 bsl 53) * sign();
        4 -> rand:uniform(1 bsl 64) * sign();                                 % snowflake range
        5 -> rand:uniform(1 bsl (65 + rand:uniform(400))) * sign();           % wide big integers
        6 -> float_leaf();
        7 -> lists:nth(rand:uniform(5), [nil, null, true, false, undefined]);
        8 -> binary_to_atom(text(8), utf8);
        9 -> text(20);
        10 -> <<>>;
        _ -> text(4)
    end.

sign() -> case rand:uniform(2) of 1 -> 1; 2 -> -1 end.

float_leaf() ->
    case rand:uniform(6) of
        1 -> 0.0;
        2 -> -0.0;
        3 -> rand:uniform() * math:pow(10, rand:uniform(40) - 20) * sign();
        4 -> float(rand:uniform(1000000)) * sign();
        5 -> 5.0e-324;
        _ -> 1.7976931348623157e308 * sign()
    end.

%% Valid UTF-8 text of up to N code points, ASCII and not.
text(N) ->
    Chars = [char() || _ <- lists:seq(1, rand:uniform(N + 1) - 1)],
    unicode:characters_to_binary(Chars).

char() ->
    case rand:uniform(6) of
        1 -> 16#e9;
        2 -> 16#1F389;
        3 -> 16#6570;
        _ -> $a + rand:uniform(26) - 1
    end.

key() ->
    case rand:uniform(3) of
        1 -> binary_to_atom(text(6), utf8);
        _ -> text(8)
    end.

fixed() ->
    [#{op => 0, s => 42, t => 'MESSAGE_CREATE',
       d => #{id => 175928847299117063, content => <<"h\x{e9}llo"/utf8>>, mentions => [], n => nil}},
     #{op => 10, d => #{heartbeat_interval => 41250}, s => nil, t => nil},
     [1 | 2], [a, b | c], lists:duplicate(300, 7), lists:seq(1, 300),
     #{<<"__proto__">> => 1, <<"constructor">> => 2},
     binary_to_atom(binary:copy(<<"\x{6570}"/utf8>>, 255), utf8)].

encodings(T) ->
    Bins = [term_to_binary(T), term_to_binary(T, [{minor_version, 0}]), term_to_binary(T, [{minor_version, 1}]),
            term_to_binary(T, [compressed]), term_to_binary(T, [{minor_version, 1}, compressed])],
    lists:usort([B || B <- Bins, accepted(B)]).

accepted(B) ->
    try binary_to_term(B) of _ -> true catch _:_ -> false end.

%% ---------------------------------------------------------------- inputs Erlang refuses

rejected() ->
    Pad = fun(S) -> list_to_binary(S ++ lists:duplicate(31 - length(S), 0)) end,
    Cands =
        [{<<131, 119, 2, 16#c3, 16#28>>, "invalid UTF-8 in SMALL_ATOM_UTF8_EXT"},
         {<<131, 118, 0, 2, 16#c3, 16#28>>, "invalid UTF-8 in ATOM_UTF8_EXT"},
         {<<131, 119, 1, 16#80>>, "a lone continuation byte in a UTF-8 atom"},
         {<<131, 70, 16#7f, 16#f8, 0, 0, 0, 0, 0, 0>>, "NaN NEW_FLOAT_EXT"},
         {<<131, 70, 16#7f, 16#f0, 0, 0, 0, 0, 0, 0>>, "+Infinity NEW_FLOAT_EXT"},
         {<<131, 70, 16#ff, 16#f0, 0, 0, 0, 0, 0, 0>>, "-Infinity NEW_FLOAT_EXT"},
         {<<131, 99, (Pad("5."))/binary>>, "FLOAT_EXT 5."},
         {<<131, 99, (Pad(".5"))/binary>>, "FLOAT_EXT .5"},
         {<<131, 99, (Pad("1e5"))/binary>>, "FLOAT_EXT 1e5"},
         {<<131, 99, (Pad(" 1.5"))/binary>>, "FLOAT_EXT with a leading space"},
         {<<131, 99, (Pad("1.5 "))/binary>>, "FLOAT_EXT with a trailing space"},
         {<<131, 99, (Pad("\n2"))/binary>>, "FLOAT_EXT with a newline"},
         {<<131, 99, (Pad("nan"))/binary>>, "FLOAT_EXT nan"},
         {<<131, 97>>, "truncated SMALL_INTEGER_EXT"},
         {<<131, 109, 0, 0, 0, 5, 1, 2>>, "BINARY_EXT longer than the input"},
         {<<131, 108, 0, 0, 0, 1, 97, 1>>, "a list without its tail"},
         {<<131, 97, 1, 97, 2>>, "bytes after the term"},
         {<<130, 97, 1>>, "version 130"},
         {<<131, 104, 2, 97, 1>>, "a tuple missing an element"}]
        ++ [{compress_with_trailing(), "bytes after the zlib stream of a compressed term"}]
        ++ [{truncate(B), "truncated"} || B <- [term_to_binary(gen(3)) || _ <- lists:seq(1, 60)], byte_size(B) > 2],
    [{B, Why} || {B, Why} <- Cands, not accepted(B)].

compress_with_trailing() ->
    <<131, Rest/binary>> = term_to_binary(lists:seq(1, 100), [compressed]),
    <<131, Rest/binary, 0, 0>>.

truncate(B) ->
    binary:part(B, 0, 1 + rand:uniform(byte_size(B) - 2)).

%% ---------------------------------------------------------------- JSON output

accept_line(B) ->
    ["{\"hex\":\"", hex(B), "\",\"term\":", tree(binary_to_term(B)), "}"].

reject_line(B, Why) ->
    ["{\"hex\":\"", hex(B), "\",\"reject\":", str(Why), "}"].

tree(I) when is_integer(I) -> ["{\"int\":\"", integer_to_list(I), "\"}"];
tree(F) when is_float(F) -> ["{\"float\":\"", float_to_list(F, [short]), "\"}"];
tree(A) when is_atom(A) -> ["{\"atom\":\"", hex(atom_to_binary(A, utf8)), "\"}"];
tree(B) when is_binary(B) -> ["{\"bin\":\"", hex(B), "\"}"];
tree(T) when is_tuple(T) -> ["{\"tuple\":[", join([tree(X) || X <- tuple_to_list(T)]), "]}"];
tree(M) when is_map(M) ->
    ["{\"map\":[", join([["[", tree(K), ",", tree(V), "]"] || {K, V} <- maps:to_list(M)]), "]}"];
tree(L) when is_list(L) ->
    case proper(L) of
        true -> ["{\"list\":[", join([tree(X) || X <- L]), "]}"];
        false -> "{\"improper\":true}"
    end.

proper([]) -> true;
proper([_ | T]) -> proper(T);
proper(_) -> false.

join([]) -> [];
join([X | Xs]) -> [X | [[",", Y] || Y <- Xs]].

hex(B) -> [io_lib:format("~2.16.0b", [X]) || <<X>> <= B].

str(S) -> [$", [esc(C) || C <- S], $"].
esc($") -> "\\\"";
esc($\\) -> "\\\\";
esc($\n) -> "\\n";
esc(C) -> C.
