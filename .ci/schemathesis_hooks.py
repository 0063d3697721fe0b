"""Strategies for the API's custom scalars, so that schemathesis can generate every
operation: Date (YYYY-MM-DD), DateTime (RFC 3339, UTC) and JSON (any small JSON value,
sent as a GraphQL literal)."""
import graphql
from hypothesis import strategies as st

import schemathesis
from schemathesis.graphql import nodes

schemathesis.graphql.scalar("Date", st.dates().map(lambda d: nodes.String(d.isoformat())))
schemathesis.graphql.scalar(
    "DateTime",
    st.datetimes().map(lambda t: nodes.String(t.strftime("%Y-%m-%dT%H:%M:%SZ"))),
)

json_leaf = st.one_of(
    st.just(nodes.Null),
    st.booleans().map(nodes.Boolean),
    st.integers(-(2**31), 2**31 - 1).map(nodes.Int),
    st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
    st.text(max_size=20).map(nodes.String),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(nodes.List),
        st.dictionaries(st.from_regex(r"[a-zA-Z][a-zA-Z0-9]{0,8}", fullmatch=True), inner, max_size=4).map(
            lambda d: nodes.Object(
                [graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=v) for k, v in d.items()]
            )
        ),
    ),
    max_leaves=10,
)
schemathesis.graphql.scalar("JSON", json_value)
