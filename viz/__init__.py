"""Offline HTML views of the graph, drawn by vis-network.

- :mod:`~policykg.viz.select`: which nodes and edges each view shows;
- :mod:`~policykg.viz.slices`: the same read from a store's open graph file, for the views
  that would otherwise load a whole large graph (``view all``);
- :mod:`~policykg.viz.view`: ``render`` and ``write_view``, the public API;
- :mod:`~policykg.viz.drawing`: each node's and edge's vis-network record, and the
  options (and why they are dicts, not pyvis's ``Network``);
- :mod:`~policykg.viz.layout`: positions for views too large to simulate;
- :mod:`~policykg.viz.page`: the page from ``templates/`` with vis-network inlined (and
  why pyvis's own template is not used).
"""
