# Passive OS fingerprints in pf.os's format, for nfnl_osf (made up for
# the tests: window:ttl:df:size:options:genre:version:subtype:details).
S4:64:1:60:M*,S,T,N,W7:Testix:3.11:generic:Testix 3.11 and newer
S44:64:1:60:M*,S,T,N,W7:Testix:2.6:generic:Testix 2.6
65535:128:1:52:M*,N,W8,N,N,S:Other:10:generic:Other 10
512:64:0:44:M*:Foo:1.0::Foo 1.0
