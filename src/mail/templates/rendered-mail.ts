export interface RenderedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}
