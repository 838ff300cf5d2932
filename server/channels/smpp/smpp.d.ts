// Just enough types for the untyped `smpp` package (0.5.1). Only client.ts, simulator.ts and
// protocol.ts import it, so replacing the package touches those three files and this one.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  namespace smpp {
    type Fields = Record<string, unknown>;

    class PDU {
      constructor(command: string, options?: Fields);
      command: string;
      command_id: number;
      command_status: number;
      sequence_number: number;
      [field: string]: unknown;
      isResponse(): boolean;
      response(options?: Fields): PDU;
      toBuffer(): Buffer;
    }

    class Session extends EventEmitter {
      socket: Socket;
      /** Writes a PDU; false when the socket is not writable. Throws when the PDU cannot be encoded. */
      send(pdu: PDU, responseCallback?: (pdu: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      pause(): void;
      resume(): void;
    }

    class Server extends NetServer {
      sessions: Session[];
    }

    interface TlvType {
      read(buffer: Buffer, offset: number, length: number): unknown;
      write(value: unknown, buffer: Buffer, offset: number): void;
      size(value: unknown): number;
    }

    function connect(options: { host: string; port: number }, listener?: () => void): Session;
    function createServer(listener?: (session: Session) => void): Server;
    function addTLV(tag: string, options: { id: number; type: TlvType; multiple?: boolean }): void;

    const types: { tlv: { buffer: TlvType; cstring: TlvType; int8: TlvType; int16: TlvType; int32: TlvType } };
    const tlvs: Record<string, { id: number } | undefined>;
    const errors: Record<string, number>;
  }

  export = smpp;
}
