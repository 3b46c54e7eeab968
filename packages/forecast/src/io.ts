// The file-system edge of @jiefang/forecast, kept apart so the models stay free of I/O.
export { readNijFile } from './calls/read-nij-file.ts';
