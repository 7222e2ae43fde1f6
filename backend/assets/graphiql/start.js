// Starts GraphiQL against this server. Sign in with the `login` mutation, then put
// {"Authorization": "Bearer <accessToken>"} in the Headers tab; introspection needs it.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    defaultQuery: 'mutation {\n  login(login: "A0001", password: "Echelon@2026") {\n    accessToken\n  }\n}\n',
  }));
})();
