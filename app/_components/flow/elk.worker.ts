// The ELK layout engine in a Web Worker: elk-worker installs its message handler on `self`.
import 'elkjs/lib/elk-worker.min.js';
