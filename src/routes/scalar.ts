// Scalar's reference page from jsDelivr, pinned to one exact file and checked by Subresource Integrity: a changed or
// hijacked file is refused by the browser, not run. To move to another version (npm's file is jsDelivr's file):
//   npm pack @scalar/api-reference@<v> && tar -xzOf scalar-api-reference-<v>.tgz package/dist/browser/standalone.js \
//     | openssl dgst -sha384 -binary | base64
export const SCALAR = {
  src: "https://cdn.jsdelivr.net/npm/@scalar/api-reference@1.72.1/dist/browser/standalone.js",
  integrity: "sha384-U11tb2XnKvmwt8RlTvnwUnYgrN+ur4Xyh9htLhjajWNR/Oyl5AX5DEz00qRmlrmK",
};
