/** TOTP second factor (RFC 6238) through otplib; secrets are stored encrypted. */
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: 'OpenNRM', label: email, secret });
}

export function totpQrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
}

/** Accepts the current code and the one just before or after it (clock drift of ±30 s). */
export async function verifyTotp(secret: string, code: string): Promise<boolean> {
  try {
    const result = await verify({ secret, token: code, epochTolerance: 30 });
    return result.valid;
  } catch {
    return false;
  }
}
