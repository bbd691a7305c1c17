/** The token helpers live with the platform so stores of every feature can hash what they look up. */
export { randomToken, sha256Hex, sameSecret, macOf } from '../platform/secrets';
